import { describe, expect, it } from 'vitest';
import { openWindow } from './__tests__/happy-window.js';
import { resolveTrackerOptions, TRACKER_DEFAULTS, type TrackerOptions } from './options.js';

const TAG_ID_MESSAGE =
  "`tagId` must be your Pinterest tag id as a string of digits, such as '2612345678901'; got";
const MAX_AGE_MESSAGE = '`cookie.maxAgeDays` must be a finite number of days, at least 1 second; got';

describe('resolveTrackerOptions', () => {
  it('applies the defaults', () => {
    const window = openWindow();
    const resolved = resolveTrackerOptions({ tagId: '2612345678901', window });

    expect(resolved).toEqual({
      tagId: '2612345678901',
      posthog: undefined,
      consent: {},
      tagScriptUrl: TRACKER_DEFAULTS.tagScriptUrl,
      cookie: { domain: undefined, maxAgeDays: 365 },
      currency: undefined,
      enhancedMatch: { email: undefined },
      maxQueuedEvents: 100,
      onError: undefined,
      window,
      document: window.document,
    });
  });

  it('normalizes the currency', () => {
    expect(resolveTrackerOptions({ tagId: '1', window: openWindow(), currency: 'eur' }).currency).toBe('EUR');
  });

  it.each([
    [{ tagId: 2612345678901 }, TypeError, `${TAG_ID_MESSAGE} 2612345678901.`],
    [{ tagId: '' }, TypeError, `${TAG_ID_MESSAGE} "".`],
    [{ tagId: 'pt-2612345678901' }, TypeError, `${TAG_ID_MESSAGE} "pt-2612345678901".`],
    [
      { posthog: 'posthog' },
      TypeError,
      '`posthog` must be a posthog-js instance or a function returning it; got "posthog".',
    ],
    [
      { consent: { advertising: 'yes' } },
      TypeError,
      "`consent.advertising` must be 'granted', 'denied' or 'pending'; got \"yes\".",
    ],
    [{ cookie: { maxAgeDays: 0 } }, RangeError, `${MAX_AGE_MESSAGE} 0.`],
    [{ cookie: { maxAgeDays: 1e-9 } }, RangeError, `${MAX_AGE_MESSAGE} 1e-9.`],
    [{ cookie: { maxAgeDays: Number.POSITIVE_INFINITY } }, RangeError, `${MAX_AGE_MESSAGE} Infinity.`],
    [
      { tagScriptUrl: 'javascript:alert(1)' },
      TypeError,
      '`tagScriptUrl` must be an http or https URL of the Pinterest tag script; got "javascript:alert(1)".',
    ],
    [{ maxQueuedEvents: 1.5 }, RangeError, '`maxQueuedEvents` must be an integer above 0; got 1.5.'],
    [{ currency: 'euro' }, RangeError, '`currency` must be an ISO 4217 code such as \'EUR\'; got "euro".'],
  ])('rejects %j', (override, ErrorClass, message) => {
    const options = {
      tagId: '2612345678901',
      window: openWindow(),
      ...override,
    } as unknown as TrackerOptions;

    expect(() => resolveTrackerOptions(options)).toThrow(ErrorClass);
    expect(() => resolveTrackerOptions(options)).toThrow(message);
  });

  it('trims the tag id', () => {
    expect(resolveTrackerOptions({ tagId: ' 2612345678901 ', window: openWindow() }).tagId).toBe(
      '2612345678901',
    );
  });

  it.each([false, '', null, 0])('treats posthog %j as no PostHog', (posthog) => {
    const options = { tagId: '1', window: openWindow(), posthog } as unknown as TrackerOptions;
    expect(resolveTrackerOptions(options).posthog).toBeUndefined();
  });

  it.each([undefined, null, '2612345678901'])('rejects options %j', (options) => {
    const resolve = () => resolveTrackerOptions(options as unknown as TrackerOptions);
    expect(resolve).toThrow(TypeError);
    expect(resolve).toThrow('`options` must be an object with `tagId`; got');
  });

  it('rejects a missing window', () => {
    expect(() => resolveTrackerOptions({ tagId: '1', window: {} as Window })).toThrow(
      '`window` must be a browser window: create the tracker in the browser; got an object.',
    );
  });
});
