import { describe, expect, it } from 'vitest';
import { openWindow } from './__tests__/happy-window.js';
import { resolveTrackerOptions, TRACKER_DEFAULTS, type TrackerOptions } from './options.js';

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
    [
      { tagId: 2612345678901 },
      TypeError,
      '`tagId` must be your Pinterest tag id as a string; got 2612345678901.',
    ],
    [{ tagId: '' }, TypeError, '`tagId` must be your Pinterest tag id as a string; got "".'],
    [
      { posthog: 'posthog' },
      TypeError,
      '`posthog` must be a posthog-js instance or a function returning it; got "posthog".',
    ],
    [
      { consent: { advertising: 'yes' } },
      TypeError,
      "`consent` must be 'granted', 'denied' or 'pending' in `advertising`; got an object.",
    ],
    [
      { cookie: { maxAgeDays: 0 } },
      RangeError,
      '`cookie.maxAgeDays` must be a number of days above 0; got 0.',
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

  it('rejects a missing window', () => {
    expect(() => resolveTrackerOptions({ tagId: '1', window: {} as Window })).toThrow(
      '`window` must be a browser window: create the tracker in the browser; got an object.',
    );
  });
});
