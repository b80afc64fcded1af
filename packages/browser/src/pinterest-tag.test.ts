import { hashEmail, isValidationError } from '@pinpair/core';
import { describe, expect, it } from 'vitest';
import { openWindow, TEST_TAG_SCRIPT_URL } from './__tests__/happy-window.js';
import { createPinterestTag, type Pintrk } from './pinterest-tag.js';

function setUp(email?: string, window = openWindow()) {
  const errors: unknown[] = [];
  const tag = createPinterestTag({
    window,
    document: window.document,
    tagId: '2612345678901',
    tagScriptUrl: TEST_TAG_SCRIPT_URL,
    email,
    onError: (error) => errors.push(error),
  });
  const pintrk = () => (window as unknown as { pintrk?: Pintrk }).pintrk;
  const scripts = () => [...window.document.querySelectorAll('script')];
  return { window, tag, errors, pintrk, scripts };
}

describe('createPinterestTag', () => {
  it('does nothing until started', () => {
    const { tag, pintrk, scripts } = setUp();

    expect(tag.isReady()).toBe(false);
    expect(pintrk()).toBeUndefined();
    expect(scripts()).toHaveLength(0);
  });

  it('installs the standard queue stub and loads the script once', async () => {
    const { tag, pintrk, scripts } = setUp();
    await Promise.all([tag.start(), tag.start()]);

    expect(tag.isReady()).toBe(true);
    expect(pintrk()?.version).toBe('3.0');
    expect(pintrk()?.queue).toEqual([['load', '2612345678901']]);
    expect(scripts()).toHaveLength(1);
    expect(scripts()[0]?.src).toBe(TEST_TAG_SCRIPT_URL);
    expect(scripts()[0]?.async).toBe(true);
  });

  it('sends load with the hashed e-mail, never the raw one', async () => {
    const { tag, pintrk } = setUp('  Jane.Doe@Example.com ');
    await tag.start();

    expect(pintrk()?.queue).toEqual([
      ['load', '2612345678901', { em: await hashEmail('jane.doe@example.com') }],
    ]);
    expect(JSON.stringify(pintrk()?.queue)).not.toContain('Jane');
  });

  it('loads without enhanced match when the e-mail is invalid', async () => {
    const { tag, pintrk, errors } = setUp('not-an-email');
    await tag.start();

    expect(pintrk()?.queue).toEqual([['load', '2612345678901']]);
    expect(errors).toHaveLength(1);
    expect(isValidationError(errors[0])).toBe(true);
    expect(String(errors[0])).not.toContain('not-an-email');
  });

  it('queues commands behind load through the stub', async () => {
    const { tag, pintrk } = setUp();
    await tag.start();
    tag.send('track', 'Checkout', { event_id: 'e1' });

    expect(pintrk()?.queue).toEqual([
      ['load', '2612345678901'],
      ['track', 'Checkout', { event_id: 'e1' }],
    ]);
  });

  it('keeps a pintrk the page already has and adds no script', async () => {
    const window = openWindow();
    const calls: unknown[][] = [];
    (window as unknown as { pintrk: Pintrk }).pintrk = (...args: unknown[]) => calls.push(args);
    const { tag, scripts } = setUp(undefined, window);
    await tag.start();

    expect(calls).toEqual([['load', '2612345678901']]);
    expect(scripts()).toHaveLength(0);
  });
});
