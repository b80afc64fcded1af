// Checks a configured API root for parts that break the requests built from it or put a secret into messages.

/** The disallowed parts of a base URL, the reason, and the value to use instead. */
export interface BaseUrlProblem {
  /** The parts the URL must not contain, for example `a query string`. */
  parts: string;
  /** The reason, as a clause to follow "because". */
  reason: string;
  /** The URL's origin and path without credentials, query string or fragment, safe to quote. */
  root: string;
}

/**
 * Finds a username or password, a query string or a fragment in `value`. Returns undefined for a
 * usable root and for a string that is not a URL, which the caller's URL check reports.
 * The result never contains the credentials, the query string or the fragment.
 */
export function findBaseUrlProblem(value: string): BaseUrlProblem | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }

  const parts: string[] = [];
  const reasons: string[] = [];
  if (url.username !== '' || url.password !== '') {
    parts.push('a username or password');
    reasons.push('fetch rejects a URL with credentials, and errors and logs would show them');
  }
  // The raw string is checked, because the URL parser drops an empty query ("…/v5?"), but the
  // request URL is built from the string as given.
  const suffixes: string[] = [];
  if (value.includes('?')) suffixes.push('query string');
  if (value.includes('#')) suffixes.push('fragment');
  if (suffixes.length > 0) {
    parts.push(suffixes.map((suffix) => `a ${suffix}`).join(' or '));
    reasons.push(
      `the request path is appended to the URL and would become part of the ${suffixes.join(' or ')}`,
    );
  }
  if (parts.length === 0) return undefined;

  return {
    parts: parts.join(' or '),
    reason: reasons.join(', and '),
    root: `${url.protocol}//${url.host}${url.pathname}`,
  };
}

/**
 * Replaces everything between the scheme and the last `@` with `[hidden]`, so a message can quote a
 * malformed URL without the password it may contain. The host part is lost too when a path
 * contains `@`, which errs on the side of hiding.
 */
export function hideUrlCredentials(value: string): string {
  return value.replace(/^([a-z][a-z\d+.-]*:\/\/)?.*@/is, '$1[hidden]@');
}
