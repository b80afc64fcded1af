import { describe, expect, it } from 'vitest';
import { openWindow } from './__tests__/happy-window.js';
import { createCookieJar } from './cookies.js';

/** Returns a document whose `cookie` setter records every string written, as the browser receives it. */
function recordingDocument(): { cookie: string; written: string[] } {
  const written: string[] = [];
  return {
    written,
    get cookie() {
      return '';
    },
    set cookie(value: string) {
      written.push(value);
    },
  };
}

describe('createCookieJar', () => {
  it('writes path, SameSite, lifetime and domain', () => {
    const document = recordingDocument();
    createCookieJar(document, { domain: '.shop.test', maxAgeDays: 30, secure: false }).set('_epik', 'abc');

    expect(document.written).toEqual(['_epik=abc; Max-Age=2592000; Path=/; SameSite=Lax; Domain=.shop.test']);
  });

  it('adds Secure when asked', () => {
    const document = recordingDocument();
    createCookieJar(document, { maxAgeDays: 365, secure: true }).set('_epik', 'abc');

    expect(document.written[0]).toBe('_epik=abc; Max-Age=31536000; Path=/; SameSite=Lax; Secure');
  });

  it('leaves base64url and consent values unencoded', () => {
    const document = recordingDocument();
    const cookies = createCookieJar(document, { maxAgeDays: 1, secure: false });
    cookies.set('_epik', 'dj0yJnU9QUJDLV9fJnA9MA');
    cookies.set('pinpair_consent', 'ad=granted&an=denied');

    expect(document.written[0]?.startsWith('_epik=dj0yJnU9QUJDLV9fJnA9MA;')).toBe(true);
    expect(document.written[1]?.startsWith('pinpair_consent=ad=granted&an=denied;')).toBe(true);
  });

  it('round-trips values that need encoding byte for byte', () => {
    const window = openWindow();
    const cookies = createCookieJar(window.document, { maxAgeDays: 1, secure: false });
    const values = ['a;b,c d', 'already%20encoded', '100%', 'quote"back\\slash', 'zoë 🛒', 'x=y&z'];

    for (const [index, value] of values.entries()) cookies.set(`c${index}`, value);

    for (const [index, value] of values.entries()) expect(cookies.get(`c${index}`)).toBe(value);
  });

  it('returns a raw value that is not valid percent-encoding as it is', () => {
    const window = openWindow();
    window.document.cookie = '_epik=abc%zz; Path=/';

    expect(createCookieJar(window.document, { maxAgeDays: 1, secure: false }).get('_epik')).toBe('abc%zz');
  });

  it('returns undefined for a missing cookie and ignores similar names', () => {
    const window = openWindow();
    window.document.cookie = 'x_epik=1; Path=/';
    window.document.cookie = '_epik2=2; Path=/';

    expect(createCookieJar(window.document, { maxAgeDays: 1, secure: false }).get('_epik')).toBeUndefined();
  });

  it('removes a cookie with the attributes it was written with', () => {
    const window = openWindow();
    const cookies = createCookieJar(window.document, { maxAgeDays: 1, secure: false });
    cookies.set('_epik', 'abc');
    cookies.remove('_epik');

    expect(cookies.get('_epik')).toBeUndefined();
  });
});
