// The Pinterest click id: read from the landing URL's `epik` parameter or the `_epik` cookie.

import { CLICK_ID_COOKIE, CLICK_ID_PARAM } from '@pinpair/core';
import type { CookieJar } from './cookies.js';

/** The current click id and its source. */
export interface ClickIdSource {
  /** The click id, exactly as Pinterest issued it; `undefined` when the visit has none. */
  value: string | undefined;
  /** `true` when the value came from this page's URL, so the cookie still has to be written. */
  fromUrl: boolean;
}

/**
 * Reads the click id for this page view. A value in the URL wins over an older `_epik` cookie,
 * because it belongs to the ad click that brought the shopper here.
 *
 * `URLSearchParams` decodes the parameter once; the value is not decoded again anywhere after
 * that, and the cookie jar's encoding round-trips it unchanged.
 */
export function readClickId(search: string, cookies: CookieJar): ClickIdSource {
  const fromUrl = new URLSearchParams(search).get(CLICK_ID_PARAM);
  if (fromUrl) return { value: fromUrl, fromUrl: true };

  return { value: cookies.get(CLICK_ID_COOKIE) || undefined, fromUrl: false };
}
