import type { ConsentState } from '@pinpair/core';
import { describe, expect, it, vi } from 'vitest';
import { openWindow } from './__tests__/happy-window.js';
import { type ChannelOptions, createChannel, type Delivery } from './channel.js';
import { createFiredEvents } from './fired-events.js';

/** Creates a channel over a recording destination, with consent and readiness that the test changes. */
function setUp(overrides: Partial<ChannelOptions> = {}) {
  const state = { consent: 'pending' as ConsentState, ready: true };
  const sent: string[] = [];
  const errors: unknown[] = [];
  const onNotReady = vi.fn();
  const channel = createChannel({
    name: 'tag',
    consent: () => state.consent,
    isReady: () => state.ready,
    onNotReady,
    maxQueuedEvents: 3,
    fired: createFiredEvents(openWindow()),
    onSendError: (error) => errors.push(error),
    ...overrides,
  });
  const delivery = (eventId: string, repeatable = false): Delivery => ({
    eventId,
    repeatable,
    send: () => sent.push(eventId),
  });
  return { state, sent, errors, onNotReady, channel, delivery };
}

describe('createChannel', () => {
  it('sends at once with consent granted', () => {
    const { state, sent, channel, delivery } = setUp();
    state.consent = 'granted';
    channel.push(delivery('a'));

    expect(sent).toEqual(['a']);
  });

  it('queues while pending and replays in call order once granted', () => {
    const { state, sent, channel, delivery } = setUp();
    channel.push(delivery('a'));
    channel.push(delivery('b'));
    expect(sent).toEqual([]);

    state.consent = 'granted';
    channel.flush();
    channel.push(delivery('c'));

    expect(sent).toEqual(['a', 'b', 'c']);
  });

  it('drops queued and new deliveries when denied', () => {
    const { state, sent, channel, delivery } = setUp();
    channel.push(delivery('a'));
    state.consent = 'denied';
    channel.flush();
    channel.push(delivery('b'));
    state.consent = 'granted';
    channel.flush();

    expect(sent).toEqual([]);
  });

  it('waits for the destination and asks to be checked again', () => {
    const { state, sent, onNotReady, channel, delivery } = setUp();
    state.consent = 'granted';
    state.ready = false;
    channel.push(delivery('a'));

    expect(sent).toEqual([]);
    expect(onNotReady).toHaveBeenCalledTimes(1);

    state.ready = true;
    channel.flush();
    expect(sent).toEqual(['a']);
  });

  it('drops the oldest delivery past the maximum and warns once', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { state, sent, channel, delivery } = setUp();
    for (const eventId of ['a', 'b', 'c', 'd', 'e']) channel.push(delivery(eventId));
    state.consent = 'granted';
    channel.flush();

    expect(sent).toEqual(['c', 'd', 'e']);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toContain('maxQueuedEvents');
    warn.mockRestore();
  });

  it('skips a repeatable event that was already sent', () => {
    const { state, sent, channel, delivery } = setUp();
    state.consent = 'granted';
    channel.push(delivery('order-1', true));
    channel.push(delivery('order-1', true));
    channel.push(delivery('random', false));
    channel.push(delivery('random', false));

    expect(sent).toEqual(['order-1', 'random', 'random']);
  });

  it('reports a destination that throws and goes on', () => {
    const { state, sent, errors, channel, delivery } = setUp();
    state.consent = 'granted';
    channel.push({
      eventId: 'a',
      repeatable: true,
      send: () => {
        throw new Error('tag failed');
      },
    });
    channel.push(delivery('b'));

    expect(errors).toEqual([new Error('tag failed')]);
    expect(sent).toEqual(['b']);
  });
});
