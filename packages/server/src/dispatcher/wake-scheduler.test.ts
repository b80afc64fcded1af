// Tests of the wake scheduler on vitest's fake timers: the batch delay, the full-batch trigger and reset.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWakeScheduler } from './wake-scheduler.js';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

function setUp(batchDelayMs: number, maxBatchSize = 1000) {
  const onDue = vi.fn();
  return { scheduler: createWakeScheduler({ batchDelayMs, maxBatchSize, onDue }), onDue };
}

describe('wake scheduler', () => {
  it('starts one drain batchDelayMs after the first wake', () => {
    const { scheduler, onDue } = setUp(100);

    scheduler.wake();
    vi.advanceTimersByTime(60);
    scheduler.wake();
    scheduler.wake();
    vi.advanceTimersByTime(39);
    expect(onDue).not.toHaveBeenCalled();

    vi.advanceTimersByTime(1);
    expect(onDue).toHaveBeenCalledTimes(1);

    scheduler.wake();
    vi.advanceTimersByTime(1000);
    expect(onDue).toHaveBeenCalledTimes(1);
  });

  it('starts the drain at once when a full batch is waiting', () => {
    const { scheduler, onDue } = setUp(100, 3);

    scheduler.wake();
    scheduler.wake();
    expect(onDue).not.toHaveBeenCalled();
    scheduler.wake();

    expect(onDue).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(100);
    expect(onDue).toHaveBeenCalledTimes(1);
  });

  it('drains on every wake with a delay of 0', () => {
    const { scheduler, onDue } = setUp(0);

    scheduler.wake();
    expect(onDue).toHaveBeenCalledTimes(1);
    scheduler.reset();
    scheduler.wake();

    expect(onDue).toHaveBeenCalledTimes(2);
  });

  it('forgets wakes and cancels the timer on reset', () => {
    const { scheduler, onDue } = setUp(100, 3);

    scheduler.wake();
    scheduler.wake();
    scheduler.reset();
    vi.advanceTimersByTime(200);
    expect(onDue).not.toHaveBeenCalled();

    scheduler.wake();
    scheduler.wake();
    expect(onDue).not.toHaveBeenCalled();
    vi.advanceTimersByTime(100);
    expect(onDue).toHaveBeenCalledTimes(1);
  });

  it('never keeps the process alive with its timer', () => {
    vi.useRealTimers();
    const countTimers = () => process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
    const before = countTimers();
    const { scheduler, onDue } = setUp(60_000);

    scheduler.wake();

    expect(countTimers()).toBe(before);
    scheduler.reset();
    expect(onDue).not.toHaveBeenCalled();
  });
});
