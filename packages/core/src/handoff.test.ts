// Tests for the browser-to-server hand-off token.

import { describe, expect, it } from 'vitest';
import { isValidationError } from './errors/validation-error.js';
import { decodeHandoff, encodeHandoff, type Handoff } from './handoff.js';

const granted = { advertising: 'granted', analytics: 'granted' } as const;

function toBase64Url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

describe('encodeHandoff', () => {
  it('round-trips every field', () => {
    const handoff: Handoff = {
      eventId: 'b4fc3698-de5e-5467-aba1-9f0dd96fb9d6',
      clickId: 'dj0yJnU9YWJj',
      distinctId: '0190f3a1-distinct',
      consent: { advertising: 'granted', analytics: 'denied' },
    };
    expect(decodeHandoff(encodeHandoff(handoff))).toEqual(handoff);
  });

  it('writes base64url of versioned JSON', () => {
    const token = encodeHandoff({ eventId: 'e1', consent: granted });
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(JSON.parse(Buffer.from(token, 'base64url').toString('utf8'))).toEqual({
      v: 1,
      eventId: 'e1',
      consent: granted,
    });
  });

  it('stays ASCII for non-ASCII ids', () => {
    const token = encodeHandoff({ distinctId: 'zoë-😀', consent: granted });
    expect(token).toMatch(/^[\x21-\x7e]+$/);
    expect(decodeHandoff(token).distinctId).toBe('zoë-😀');
  });

  it('leaves out missing fields', () => {
    expect(decodeHandoff(encodeHandoff({ consent: granted }))).toEqual({ consent: granted });
  });
});

describe('decodeHandoff', () => {
  it('reads missing consent as pending', () => {
    expect(decodeHandoff(toBase64Url('{"v":1,"eventId":"e1"}'))).toEqual({
      eventId: 'e1',
      consent: { advertising: 'pending', analytics: 'pending' },
    });
  });

  it('reads an unknown consent state as pending', () => {
    const token = toBase64Url('{"v":1,"consent":{"advertising":"yes","analytics":"granted"}}');
    expect(decodeHandoff(token).consent).toEqual({ advertising: 'pending', analytics: 'granted' });
  });

  it.each([
    ['an empty string', ''],
    ['non-base64url characters', 'abc+/='],
    ['text longer than 4096 characters', 'a'.repeat(4097)],
    ['something that is not JSON', toBase64Url('not json')],
    ['JSON without a version', toBase64Url('{"eventId":"e1"}')],
    ['version 2', toBase64Url('{"v":2}')],
    ['an event id with a space', toBase64Url('{"v":1,"eventId":"e 1"}')],
    ['an event id that is an object', toBase64Url('{"v":1,"eventId":{}}')],
    ['a click id that is a number', toBase64Url('{"v":1,"clickId":5}')],
    ['a consent that is a string', toBase64Url('{"v":1,"consent":"granted"}')],
    ['invalid UTF-8', Buffer.from([0x7b, 0xff, 0x7d]).toString('base64url')],
  ])('rejects %s', (_label, token) => {
    let caught: unknown;
    try {
      decodeHandoff(token);
    } catch (error) {
      caught = error;
    }
    expect(isValidationError(caught)).toBe(true);
    expect((caught as { field: string }).field).toBe('handoff');
  });

  it('turns a numeric event id into a string', () => {
    expect(decodeHandoff(toBase64Url('{"v":1,"eventId":1001}')).eventId).toBe('1001');
  });
});
