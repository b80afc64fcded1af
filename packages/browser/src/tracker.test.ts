import {
  decodeHandoff,
  deriveEventId,
  isValidationError,
  parseConsent,
  toPostHogUuid,
  validateEventId,
} from '@pinpair/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openWindow, reloadWindow, TEST_TAG_SCRIPT_URL } from './__tests__/happy-window.js';
import type { TrackerOptions } from './options.js';
import type { Pintrk } from './pinterest-tag.js';
import type { PostHogLike } from './posthog.js';
import { createTracker, type Tracker } from './tracker.js';

const TAG_ID = '2612345678901';
const GRANTED = { advertising: 'granted', analytics: 'granted' } as const;

/** Records posthog-js `capture` calls; `__loaded` is what posthog-js sets in `init()`. */
class RecordingPostHog implements PostHogLike {
  __loaded = true;
  captures: {
    event: string;
    properties: Record<string, unknown> | null | undefined;
    uuid: string | undefined;
  }[] = [];

  capture(event: string, properties?: Record<string, unknown> | null, options?: { uuid?: string }): void {
    this.captures.push({ event, properties, uuid: options?.uuid });
  }

  get_distinct_id(): string {
    return 'distinct-1';
  }
}

let warn: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => {
  warn.mockRestore();
});

/** A tracker in a fresh window; returns what it sends to each destination. */
function setUp(options: Partial<TrackerOptions> = {}, url = 'http://127.0.0.1/shop/product?epik=click-1') {
  const window = options.window ?? openWindow(url);
  const posthog = new RecordingPostHog();
  const errors: Error[] = [];
  const tracker = createTracker({
    tagId: TAG_ID,
    tagScriptUrl: TEST_TAG_SCRIPT_URL,
    posthog,
    onError: (error) => errors.push(error),
    window,
    ...options,
  });
  return { window, tracker, posthog, errors, ...destinations(window) };
}

function destinations(window: Window) {
  const pintrk = () => (window as unknown as { pintrk?: Pintrk }).pintrk;
  return {
    /** Commands after `load`, as the tag script would read them from the stub's queue. */
    tagCommands: () => (pintrk()?.queue ?? []).filter((command) => command[0] !== 'load'),
    tagQueue: () => pintrk()?.queue,
    scripts: () => [...window.document.querySelectorAll('script')],
    cookie: (name: string) =>
      window.document.cookie
        .split('; ')
        .find((pair) => pair.startsWith(`${name}=`))
        ?.slice(name.length + 1),
  };
}

/** Waits until every earlier call, including the tag's start after consent, has been handed on. */
async function settle(tracker: Tracker): Promise<void> {
  await tracker.page();
}

describe('createTracker track', () => {
  it('sends one event id to the tag and PostHog and returns it', async () => {
    const { tracker, posthog, tagCommands } = setUp({ consent: GRANTED });
    const eventId = await tracker.track('add_to_cart', {
      value: '19.90',
      currency: 'EUR',
      items: [{ id: 'SKU-1', quantity: 2, price: 9.95 }],
    });

    expect(eventId).toBe(validateEventId(eventId));
    expect(tagCommands()).toEqual([
      [
        'track',
        'AddToCart',
        {
          event_id: eventId,
          value: '19.90',
          order_quantity: 2,
          currency: 'EUR',
          line_items: [{ product_id: 'SKU-1', product_price: '9.95', product_quantity: 2 }],
        },
      ],
    ]);
    expect(posthog.captures).toHaveLength(1);
    expect(posthog.captures[0]?.event).toBe('Product Added');
    expect(posthog.captures[0]?.properties?.event_id).toBe(eventId);
    expect(posthog.captures[0]?.uuid).toBe(await toPostHogUuid(eventId as string));
  });

  it('derives the checkout id from the order id', async () => {
    const { tracker, tagCommands } = setUp({ consent: GRANTED, currency: 'USD' });
    const eventId = await tracker.track('Order Completed', { orderId: 1001, value: 116 });

    expect(eventId).toBe(await deriveEventId('checkout', '1001'));
    expect(tagCommands()[0]?.slice(0, 2)).toEqual(['track', 'Checkout']);
    expect(tagCommands()[0]?.[2]).toMatchObject({
      event_id: eventId,
      order_id: '1001',
      value: '116',
      currency: 'USD',
    });
  });

  it('uses a given event id over the order id', async () => {
    const { tracker, posthog } = setUp({ consent: GRANTED });
    const eventId = await tracker.track('checkout', { orderId: 1001, eventId: 'server-chosen-id' });

    expect(eventId).toBe('server-chosen-id');
    expect(posthog.captures[0]?.uuid).toBe(await toPostHogUuid('server-chosen-id'));
  });

  it('sends unknown event as custom', async () => {
    const { tracker, posthog, tagCommands } = setUp({ consent: GRANTED });
    await tracker.track('Gift Card Viewed');

    expect(tagCommands()[0]?.[1]).toBe('Custom');
    expect(posthog.captures[0]?.event).toBe('Gift Card Viewed');
  });

  it('passes custom properties to PostHog', async () => {
    const { tracker, posthog } = setUp({ consent: GRANTED });
    await tracker.track('lead', { leadId: 'L-1', properties: { form: 'newsletter' } });

    expect(posthog.captures[0]?.properties).toMatchObject({
      form: 'newsletter',
      pinterest_event_name: 'lead',
    });
  });

  it('resolves to undefined, reports and warns once on invalid data', async () => {
    const { tracker, errors, posthog, tagCommands } = setUp({ consent: GRANTED });
    const eventId = await tracker.track('checkout', { value: '1,234.5', currency: 'EUR' });

    expect(eventId).toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(isValidationError(errors[0])).toBe(true);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toMatch(/^\[pinpair\] track\("checkout"\): /);
    expect(tagCommands()).toEqual([]);
    expect(posthog.captures).toEqual([]);
  });

  it('survives an onError that throws', async () => {
    const { tracker } = setUp({
      consent: GRANTED,
      onError: () => {
        throw new Error('broken handler');
      },
    });

    await expect(tracker.track('checkout', { value: 'abc', currency: 'EUR' })).resolves.toBeUndefined();
  });

  it.each([
    [
      'a circular object',
      () => {
        const event: Record<string, unknown> = {};
        event.self = event;
        return event;
      },
    ],
    ['a BigInt', () => 10n],
  ])('keeps working after an event name that is %s', async (_kind, makeName) => {
    const { tracker, errors, posthog, tagCommands } = setUp({ consent: GRANTED });
    const badId = await tracker.track(makeName() as unknown as string);
    const laterId = await tracker.track('checkout', { orderId: 'later-1', value: 5, currency: 'EUR' });

    expect(badId).toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(isValidationError(errors[0])).toBe(true);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(laterId).toBe(await deriveEventId('checkout', 'later-1'));
    expect(tagCommands().map((command) => command[1])).toEqual(['Checkout']);
    expect(posthog.captures.map((capture) => capture.event)).toEqual(['Order Completed']);
  });

  it('works without PostHog when posthog is false', async () => {
    const { tracker, errors, tagCommands } = setUp({
      consent: GRANTED,
      posthog: false as unknown as TrackerOptions['posthog'],
    });
    const eventId = await tracker.track('add_to_cart');

    expect(errors).toEqual([]);
    expect(tagCommands().map((command) => (command[2] as { event_id: string }).event_id)).toEqual([eventId]);
    expect(tracker.handoff().distinctId).toBeUndefined();
  });

  it('keeps call order while conversions take different times to build', async () => {
    const { tracker, tagCommands, posthog } = setUp({ consent: GRANTED });
    const ids = await Promise.all([
      tracker.track('checkout', { orderId: 'slow-derived-id' }),
      tracker.track('add_to_cart'),
      tracker.track('search', { searchString: 'pillow' }),
    ]);

    expect(tagCommands().map((command) => (command[2] as { event_id: string }).event_id)).toEqual(ids);
    expect(posthog.captures.map((capture) => capture.properties?.event_id)).toEqual(ids);
  });
});

describe('createTracker reload of the confirmation page', () => {
  it('sends a checkout once and returns the same id after a reload', async () => {
    const first = setUp({ consent: GRANTED }, 'http://127.0.0.1/order/1001/thanks');
    const firstId = await first.tracker.track('checkout', { orderId: 1001, value: 50, currency: 'EUR' });

    const reloaded = setUp({ consent: GRANTED, window: reloadWindow(first.window) });
    const secondId = await reloaded.tracker.track('checkout', { orderId: 1001, value: 50, currency: 'EUR' });

    expect(secondId).toBe(firstId);
    expect(first.tagCommands()).toHaveLength(1);
    expect(first.posthog.captures).toHaveLength(1);
    expect(reloaded.tagCommands()).toEqual([]);
    expect(reloaded.posthog.captures).toEqual([]);
  });

  it('still sends after a reload what consent held back before it', async () => {
    const first = setUp({}, 'http://127.0.0.1/order/1001/thanks');
    await first.tracker.track('checkout', { orderId: 1001 });

    const reloaded = setUp({ consent: GRANTED, window: reloadWindow(first.window) });
    await reloaded.tracker.track('checkout', { orderId: 1001 });

    expect(reloaded.tagCommands()).toHaveLength(1);
    expect(reloaded.posthog.captures).toHaveLength(1);
  });

  it('sends one-shot actions every time', async () => {
    const { tracker, posthog } = setUp({ consent: GRANTED });
    await tracker.track('add_to_cart');
    await tracker.track('add_to_cart');

    expect(posthog.captures).toHaveLength(2);
  });
});

describe('createTracker page', () => {
  it('sends one page visit with its own id and no other tag call', async () => {
    const { tracker, posthog, tagQueue } = setUp({ consent: GRANTED });
    const eventId = await tracker.page();

    expect(tagQueue()).toEqual([
      ['load', TAG_ID],
      ['page', { event_id: eventId }],
    ]);
    expect(posthog.captures).toEqual([
      { event: '$pageview', properties: expect.objectContaining({ event_id: eventId }), uuid: eventId },
    ]);
  });

  it('does not change the hand-off event id', async () => {
    const { tracker } = setUp({ consent: GRANTED });
    const eventId = await tracker.track('add_to_cart');
    await tracker.page();

    expect(tracker.handoff().eventId).toBe(eventId);
  });
});

describe('createTracker consent', () => {
  it('starts pending without a cookie and sends nothing', async () => {
    const { tracker, posthog, tagQueue, scripts, cookie } = setUp();
    await tracker.track('add_to_cart');

    expect(tracker.consent()).toEqual({ advertising: 'pending', analytics: 'pending' });
    expect(tagQueue()).toBeUndefined();
    expect(scripts()).toHaveLength(0);
    expect(posthog.captures).toEqual([]);
    expect(cookie('_epik')).toBeUndefined();
    expect(cookie('pinpair_consent')).toBeUndefined();
  });

  it('replays pending events in call order once granted', async () => {
    const { tracker, posthog, tagCommands, cookie } = setUp();
    const ids = [
      await tracker.track('view_category'),
      await tracker.track('add_to_cart'),
      await tracker.page(),
    ];
    tracker.setConsent(GRANTED);
    await settle(tracker);

    expect(
      tagCommands()
        .slice(0, 3)
        .map((command) => command.at(-1)),
    ).toEqual(ids.map((id) => ({ event_id: id })));
    expect(posthog.captures.slice(0, 3).map((capture) => capture.properties?.event_id)).toEqual(ids);
    expect(cookie('pinpair_consent')).toBe('ad=granted&an=granted');
    expect(cookie('_epik')).toBe('click-1');
  });

  it('sends nothing and writes no click id with both categories denied', async () => {
    const { tracker, posthog, tagQueue, scripts, cookie } = setUp();
    await tracker.track('add_to_cart');
    tracker.setConsent({ advertising: 'denied', analytics: 'denied' });
    await tracker.track('checkout', { orderId: 7 });
    await tracker.page();

    expect(tagQueue()).toBeUndefined();
    expect(scripts()).toHaveLength(0);
    expect(posthog.captures).toEqual([]);
    expect(cookie('_epik')).toBeUndefined();
    expect(cookie('pinpair_consent')).toBe('ad=denied&an=denied');
  });

  it('gates each category on its own', async () => {
    const { tracker, posthog, tagCommands } = setUp({
      consent: { advertising: 'denied', analytics: 'granted' },
    });
    await tracker.track('add_to_cart');

    expect(tagCommands()).toEqual([]);
    expect(posthog.captures).toHaveLength(1);
  });

  it('reads the consent cookie the server also reads', () => {
    const window = openWindow('http://127.0.0.1/');
    window.document.cookie = 'pinpair_consent=ad=granted&an=denied; Path=/';
    const { tracker } = setUp({ window, consent: undefined });

    expect(tracker.consent()).toEqual({ advertising: 'granted', analytics: 'denied' });
  });

  it('lets the consent option override the cookie per category', () => {
    const window = openWindow('http://127.0.0.1/');
    window.document.cookie = 'pinpair_consent=ad=granted&an=denied; Path=/';
    const { tracker, cookie } = setUp({ window, consent: { analytics: 'granted' } });

    expect(tracker.consent()).toEqual({ advertising: 'granted', analytics: 'granted' });
    expect(parseConsent(cookie('pinpair_consent'))).toEqual({ advertising: 'granted', analytics: 'granted' });
  });

  it('removes the click id cookie when advertising is denied later', () => {
    const { tracker, cookie } = setUp({ consent: GRANTED });
    expect(cookie('_epik')).toBe('click-1');

    tracker.setConsent({ advertising: 'denied' });

    expect(cookie('_epik')).toBeUndefined();
    expect(tracker.handoff().clickId).toBeUndefined();
  });

  it('reports an invalid update and keeps the consent', () => {
    const { tracker, errors } = setUp();
    tracker.setConsent({ advertising: 'yes' } as never);

    expect(tracker.consent()).toEqual({ advertising: 'pending', analytics: 'pending' });
    expect(errors.map(String)).toEqual([
      "TypeError: `update.advertising` must be 'granted', 'denied' or 'pending'; got \"yes\".",
    ]);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('bounds the pending queue', async () => {
    const { tracker, posthog } = setUp({ maxQueuedEvents: 2 });
    const ids = [];
    for (let index = 0; index < 4; index++) ids.push(await tracker.track('add_to_cart'));
    tracker.setConsent({ analytics: 'granted' });

    expect(posthog.captures.map((capture) => capture.properties?.event_id)).toEqual(ids.slice(2));
    expect(warn.mock.calls.map((call) => String(call[0]).split(':')[0])).toEqual([
      '[pinpair] tag queue full',
      '[pinpair] posthog queue full',
    ]);
  });
});

describe('createTracker click id', () => {
  it('writes the URL value when advertising is granted', () => {
    const { tracker, cookie } = setUp({ consent: GRANTED }, 'http://127.0.0.1/?epik=dj0yJnU9QUJD%3D%3D');

    expect(tracker.clickId()).toBe('dj0yJnU9QUJD==');
    expect(cookie('_epik')).toBe('dj0yJnU9QUJD==');
  });

  it('prefers the URL value over an older cookie', () => {
    const window = openWindow('http://127.0.0.1/?epik=new-click');
    window.document.cookie = '_epik=old-click; Path=/';
    const { tracker, cookie } = setUp({ window, consent: GRANTED });

    expect(tracker.clickId()).toBe('new-click');
    expect(cookie('_epik')).toBe('new-click');
  });

  it('uses the cookie when the URL has none', () => {
    const window = openWindow('http://127.0.0.1/cart');
    window.document.cookie = '_epik=old-click; Path=/';
    const { tracker } = setUp({ window, consent: GRANTED });

    expect(tracker.clickId()).toBe('old-click');
  });

  it('writes the cookie only once advertising becomes granted', () => {
    const { tracker, cookie } = setUp({ consent: { advertising: 'pending' } });
    expect(cookie('_epik')).toBeUndefined();

    tracker.setConsent({ advertising: 'granted' });

    expect(cookie('_epik')).toBe('click-1');
  });

  it('marks the cookies Secure on https', () => {
    const window = openWindow('https://127.0.0.1/?epik=click-1');
    const written: string[] = [];
    const document = {
      get cookie() {
        return '';
      },
      set cookie(value: string) {
        written.push(value);
      },
      head: window.document.head,
      createElement: (name: string) => window.document.createElement(name),
    } as unknown as Document;
    setUp({ window, document, consent: GRANTED, cookie: { domain: '.shop.test', maxAgeDays: 90 } });

    expect(written).toEqual([
      'pinpair_consent=ad=granted&an=granted; Max-Age=7776000; Path=/; SameSite=Lax; Domain=.shop.test; Secure',
      '_epik=click-1; Max-Age=7776000; Path=/; SameSite=Lax; Domain=.shop.test; Secure',
    ]);
  });
});

describe('createTracker tag', () => {
  it('loads tag with hashed e-mail after grant', async () => {
    const { tracker, tagQueue, scripts } = setUp({ enhancedMatch: { email: 'jane@example.com' } });
    expect(scripts()).toHaveLength(0);

    tracker.setConsent({ advertising: 'granted' });
    await settle(tracker);

    expect(scripts().map((script) => script.src)).toEqual([TEST_TAG_SCRIPT_URL]);
    expect(tagQueue()?.[0]).toEqual(['load', TAG_ID, { em: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
  });
});

describe('createTracker PostHog readiness', () => {
  it('queues until posthog-js is initialized and then delivers in order', async () => {
    const window = openWindow('http://127.0.0.1/');
    const timers: (() => void)[] = [];
    window.setTimeout = ((callback: () => void) => timers.push(callback)) as typeof window.setTimeout;
    const posthog = new RecordingPostHog();
    posthog.__loaded = false;
    let exists = false;
    const { tracker } = setUp({ window, consent: GRANTED, posthog: () => (exists ? posthog : undefined) });

    const ids = [await tracker.track('add_to_cart'), await tracker.track('add_to_cart')];
    expect(timers).toHaveLength(1);
    timers.shift()?.();
    exists = true;
    timers.shift()?.();
    expect(posthog.captures).toEqual([]);

    posthog.__loaded = true;
    timers.shift()?.();

    expect(posthog.captures.map((capture) => capture.properties?.event_id)).toEqual(ids);
    expect(timers).toHaveLength(0);
  });

  it('sends nothing to PostHog without a posthog option', async () => {
    const { tracker } = setUp({ consent: GRANTED, posthog: undefined });

    await expect(tracker.track('add_to_cart')).resolves.toBeTypeOf('string');
    expect(tracker.handoff().distinctId).toBeUndefined();
  });
});

describe('createTracker hand-off', () => {
  it('carries the last event id, click id, distinct id and consent', async () => {
    const { tracker } = setUp({ consent: GRANTED });
    const eventId = await tracker.track('add_to_cart');

    expect(tracker.handoff()).toEqual({
      eventId,
      clickId: 'click-1',
      distinctId: 'distinct-1',
      consent: GRANTED,
    });
    expect(tracker.handoff('given-id').eventId).toBe('given-id');
  });

  it('leaves out the click id and distinct id without consent', () => {
    const { tracker } = setUp({ consent: { advertising: 'pending', analytics: 'denied' } });

    expect(tracker.handoff()).toEqual({
      eventId: undefined,
      clickId: undefined,
      distinctId: undefined,
      consent: { advertising: 'pending', analytics: 'denied' },
    });
  });

  it('encodes the hand-off into the request header', async () => {
    const { tracker } = setUp({ consent: GRANTED });
    const eventId = await tracker.track('add_to_cart');
    const headers = tracker.handoffHeaders();

    expect(Object.keys(headers)).toEqual(['x-pinpair-handoff']);
    expect(decodeHandoff(headers['x-pinpair-handoff'] as string)).toEqual({
      eventId,
      clickId: 'click-1',
      distinctId: 'distinct-1',
      consent: GRANTED,
    });
  });

  it('adds the hidden form field and updates it later', async () => {
    const { window, tracker } = setUp({ consent: GRANTED });
    window.document.body.innerHTML = '<form id="checkout"><input name="email"></form>';
    const form = window.document.getElementById('checkout') as HTMLFormElement;

    tracker.attachHandoff(form, 'first-id');
    tracker.attachHandoff(form, 'second-id');

    const fields = form.querySelectorAll<HTMLInputElement>('input[name="pinpair_handoff"]');
    expect(fields).toHaveLength(1);
    expect(fields[0]?.type).toBe('hidden');
    expect(decodeHandoff(fields[0]?.value as string).eventId).toBe('second-id');
  });
});
