import { describe, expect, it } from 'vitest';
import { openWindow } from './__tests__/happy-window.js';
import { readClickId } from './click-id.js';
import { createCookieJar } from './cookies.js';

function jarWithCookie(value?: string) {
  const window = openWindow();
  const cookies = createCookieJar(window.document, { maxAgeDays: 1, secure: false });
  if (value !== undefined) cookies.set('_epik', value);
  return cookies;
}

describe('readClickId', () => {
  it('prefers the URL value over an older cookie', () => {
    expect(readClickId('?epik=from-url', jarWithCookie('from-cookie'))).toEqual({
      value: 'from-url',
      fromUrl: true,
    });
  });

  it('falls back to the cookie', () => {
    expect(readClickId('?utm_source=pinterest', jarWithCookie('from-cookie'))).toEqual({
      value: 'from-cookie',
      fromUrl: false,
    });
  });

  it('returns undefined without URL value or cookie', () => {
    expect(readClickId('', jarWithCookie())).toEqual({ value: undefined, fromUrl: false });
  });

  it('ignores an empty URL value', () => {
    expect(readClickId('?epik=', jarWithCookie('from-cookie')).value).toBe('from-cookie');
  });

  it('decodes the URL value exactly once', () => {
    // %253D is an encoded "%3D": one decoding gives "%3D", a second would wrongly give "=".
    expect(readClickId('?epik=abc%253D', jarWithCookie()).value).toBe('abc%3D');
  });

  it('keeps the value byte-identical through the cookie', () => {
    const cookies = jarWithCookie();
    const { value } = readClickId('?epik=dj0yJnU9%2Bx%253D%20y', cookies);
    cookies.set('_epik', value as string);

    expect(value).toBe('dj0yJnU9+x%3D y');
    expect(readClickId('', cookies).value).toBe(value);
  });
});
