import { describe, expect, it } from 'vitest';
import { openWindow, reloadWindow } from './__tests__/happy-window.js';
import { createFiredEvents, FIRED_EVENTS_KEY, MAX_FIRED_EVENTS } from './fired-events.js';

describe('createFiredEvents', () => {
  it('records event ids per channel', () => {
    const fired = createFiredEvents(openWindow());
    fired.add('order-1', 'tag');

    expect(fired.has('order-1', 'tag')).toBe(true);
    expect(fired.has('order-1', 'posthog')).toBe(false);
    expect(fired.has('order-2', 'tag')).toBe(false);
  });

  it('remembers ids across a reload', () => {
    const window = openWindow();
    createFiredEvents(window).add('order-1', 'tag');
    createFiredEvents(window).add('order-1', 'posthog');

    const reloaded = createFiredEvents(reloadWindow(window));

    expect(reloaded.has('order-1', 'tag')).toBe(true);
    expect(reloaded.has('order-1', 'posthog')).toBe(true);
  });

  it('sees ids another tracker on the same origin added', () => {
    const window = openWindow();
    const first = createFiredEvents(window);
    const second = createFiredEvents(window);
    second.add('order-1', 'tag');

    expect(first.has('order-1', 'tag')).toBe(true);
  });

  it('forgets the oldest ids past the maximum', () => {
    const window = openWindow();
    const fired = createFiredEvents(window);
    for (let index = 0; index <= MAX_FIRED_EVENTS; index++) fired.add(`order-${index}`, 'tag');

    expect(fired.has('order-0', 'tag')).toBe(false);
    expect(fired.has('order-1', 'tag')).toBe(true);
    expect(fired.has(`order-${MAX_FIRED_EVENTS}`, 'tag')).toBe(true);
    expect(JSON.parse(window.localStorage.getItem(FIRED_EVENTS_KEY) as string)).toHaveLength(
      MAX_FIRED_EVENTS,
    );
  });

  it('ignores an unreadable stored value', () => {
    const window = openWindow();
    window.localStorage.setItem(FIRED_EVENTS_KEY, '{not json');
    const fired = createFiredEvents(window);

    expect(fired.has('order-1', 'tag')).toBe(false);
    fired.add('order-1', 'tag');
    expect(fired.has('order-1', 'tag')).toBe(true);
  });

  it('falls back to memory when storage is blocked', () => {
    const window = openWindow();
    Object.defineProperty(window, 'localStorage', {
      get() {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    });
    const fired = createFiredEvents(window);
    fired.add('order-1', 'tag');

    expect(fired.has('order-1', 'tag')).toBe(true);
  });
});
