// First-party cookies through `document.cookie`: read, write with the shop's attributes, remove.

/** Attributes every pinpair cookie is written with. */
export interface CookieAttributes {
  /** `Domain` attribute, for example `'.shop.example'` to share the cookie with subdomains; host-only when absent. */
  domain?: string | undefined;
  /** Lifetime in days, written as `Max-Age` in seconds. */
  maxAgeDays: number;
  /** Adds `Secure`; the tracker sets it when the page is served over https. */
  secure: boolean;
}

/** Cookie reader and writer bound to one document and one set of attributes. */
export interface CookieJar {
  /** Returns the decoded value of cookie `name`, or `undefined` when the page has none. */
  get(name: string): string | undefined;
  /** Writes cookie `name` with path `/`, `SameSite=Lax` and the jar's attributes. */
  set(name: string, value: string): void;
  /** Expires cookie `name` with the same path and domain it was written with. */
  remove(name: string): void;
}

const SECONDS_PER_DAY = 86_400;

/**
 * Characters a cookie value may not hold as they are (outside RFC 6265's cookie-octet), plus `%`
 * so that decoding stays exact.
 */
const NEEDS_ENCODING = /[^\x21\x23\x24\x26-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]/gu;

/**
 * Creates a {@link CookieJar} over `document.cookie`.
 *
 * Values are percent-encoded where a cookie value needs it (`;`, `,`, spaces, quotes, `%`,
 * non-ASCII) and read back with `decodeURIComponent`. Server-side cookie parsers (the `cookie`
 * package behind Express's cookie-parser) decode the same way, so a value reads back byte-identical
 * in the browser and on the server. Base64url click ids and `ad=granted&an=denied` are written as
 * they are. A value that another script wrote and that is not valid percent-encoding is returned as
 * it is.
 */
export function createCookieJar(document: Pick<Document, 'cookie'>, attributes: CookieAttributes): CookieJar {
  const suffix =
    '; Path=/; SameSite=Lax' +
    (attributes.domain ? `; Domain=${attributes.domain}` : '') +
    (attributes.secure ? '; Secure' : '');

  return {
    get(name) {
      for (const pair of document.cookie.split(';')) {
        const separator = pair.indexOf('=');
        if (separator < 0 || pair.slice(0, separator).trim() !== name) continue;
        const raw = pair.slice(separator + 1).trim();
        try {
          return decodeURIComponent(raw);
        } catch {
          return raw;
        }
      }
      return undefined;
    },

    set(name, value) {
      const maxAgeSeconds = Math.round(attributes.maxAgeDays * SECONDS_PER_DAY);
      document.cookie = `${name}=${value.replace(NEEDS_ENCODING, encodeURIComponent)}; Max-Age=${maxAgeSeconds}${suffix}`;
    },

    remove(name) {
      document.cookie = `${name}=; Expires=Thu, 01 Jan 1970 00:00:00 GMT${suffix}`;
    },
  };
}
