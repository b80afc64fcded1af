// Reads the Cookie request header; Express 5 parses bodies but not cookies.

/**
 * Parses a Cookie header into name → value. Values are percent-decoded, as the browser package and
 * Express's `res.cookie` encode them; a value that is not valid percent-encoding is kept as it is.
 * The first of two cookies with one name wins, as in browsers' most specific path first order.
 */
export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  if (!header) return cookies;

  for (const pair of header.split(';')) {
    const separator = pair.indexOf('=');
    if (separator < 0) continue;
    const name = pair.slice(0, separator).trim();
    if (name === '' || name in cookies) continue;

    const raw = pair
      .slice(separator + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    try {
      cookies[name] = decodeURIComponent(raw);
    } catch {
      cookies[name] = raw;
    }
  }
  return cookies;
}
