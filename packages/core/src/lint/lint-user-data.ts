// Lint rules for an event's user_data: hashing, identity, IP address, user agent and click id.

import { isSha256Hex } from '../sha256.js';
import { HASHED_USER_DATA_KEYS, USER_DATA_KEYS } from './capi-schema.js';
import { isNonPublicIp, parseIp } from './ip-address.js';
import { describeType, isObject, join, type ProblemList } from './problems.js';

// HTTP client libraries whose default user agent means the server sent its own instead of the shopper's.
const SERVER_USER_AGENT =
  /^(?:node(?:-fetch)?|undici|axios|curl|wget|python-requests|python-urllib|python-httpx|aiohttp|go-http-client|okhttp|java|apache-httpclient|guzzlehttp|ruby|php|libwww-perl|postmanruntime|got|node-superagent|deno|bun)(?:[/\s;(]|$)/i;

// MD5, SHA-1 or SHA-256 hex: the click id is Pinterest's opaque base64url value and must stay raw.
const HASH_HEX = /^(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64})$/i;

/** Lints `user_data` of one event at `path` (for example `data[0].user_data`). */
export function lintUserData(userData: unknown, path: string, problems: ProblemList): void {
  if (userData === undefined) {
    problems.error(path, 'required_field_missing', '`user_data` is required.');
    return;
  }
  if (!isObject(userData)) {
    problems.error(path, 'invalid_type', `\`user_data\` must be an object, not ${describeType(userData)}.`);
    return;
  }

  problems.unknownKeys(userData, USER_DATA_KEYS, path, 'user_data');
  for (const key of HASHED_USER_DATA_KEYS) lintHashedField(userData[key], join(path, key), key, problems);
  lintIdentity(userData, path, problems);

  lintIpAddress(userData.client_ip_address, join(path, 'client_ip_address'), problems);
  lintUserAgent(userData.client_user_agent, join(path, 'client_user_agent'), problems);
  lintClickId(userData.click_id, join(path, 'click_id'), problems);
  problems.optionalString(userData, 'partner_id', path, { personalData: true });
}

function lintHashedField(value: unknown, path: string, key: string, problems: ProblemList): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) {
    problems.error(
      path,
      'hash_not_sha256',
      `\`${key}\` must be an array of SHA-256 digests (64 lowercase hex characters), not ${describeType(value)}. Wrap it in an array.`,
    );
    return;
  }
  for (const [index, item] of value.entries()) {
    if (typeof item === 'string' && isSha256Hex(item)) continue;
    const uppercase = typeof item === 'string' && isSha256Hex(item.toLowerCase());
    problems.error(
      `${path}[${index}]`,
      'hash_not_sha256',
      uppercase
        ? `\`${key}[${index}]\` is a SHA-256 digest in uppercase. Lowercase it.`
        : `\`${key}[${index}]\` is not a SHA-256 digest (64 lowercase hex characters). Normalize and hash it, for example with hashUserData.`,
    );
  }
}

function lintIdentity(userData: Record<string, unknown>, path: string, problems: ProblemList): void {
  const hasEmail = Array.isArray(userData.em) && userData.em.length > 0;
  const hasMaid = Array.isArray(userData.hashed_maids) && userData.hashed_maids.length > 0;
  const hasIpAndAgent = isFilled(userData.client_ip_address) && isFilled(userData.client_user_agent);
  if (hasEmail || hasMaid || hasIpAndAgent) return;
  problems.error(
    path,
    'identity_missing',
    '`user_data` needs `em`, `hashed_maids`, or both `client_ip_address` and `client_user_agent`; Pinterest rejects the event otherwise.',
  );
}

function lintIpAddress(value: unknown, path: string, problems: ProblemList): void {
  if (value === undefined || value === null) return;
  const ip = typeof value === 'string' ? parseIp(value) : undefined;
  if (!ip) {
    problems.error(
      path,
      'client_ip_invalid',
      "`client_ip_address` is not an IPv4 or IPv6 address. Send the shopper's address, or leave the field out.",
    );
    return;
  }
  if (isNonPublicIp(ip)) {
    problems.warning(
      path,
      'client_ip_not_public',
      `\`client_ip_address\` ${value} is a private, loopback, link-local or reserved address, so it is the server's or a proxy's, not the shopper's. Configure trusted proxies so the shopper's address is read from X-Forwarded-For.`,
    );
  }
}

function lintUserAgent(value: unknown, path: string, problems: ProblemList): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'string') {
    problems.error(
      path,
      'invalid_type',
      `\`client_user_agent\` must be a string, not ${describeType(value)}.`,
    );
    return;
  }
  if (SERVER_USER_AGENT.test(value.trim())) {
    problems.warning(
      path,
      'user_agent_server_library',
      `\`client_user_agent\` "${value.slice(0, 60)}" is an HTTP library's, not the shopper's browser's. Pass the User-Agent header of the shopper's request.`,
    );
  }
}

function lintClickId(value: unknown, path: string, problems: ProblemList): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'string') {
    problems.error(path, 'invalid_type', `\`click_id\` must be a string, not ${describeType(value)}.`);
    return;
  }
  if (HASH_HEX.test(value)) {
    problems.warning(
      path,
      'click_id_looks_hashed',
      '`click_id` looks like a hash. Send the `epik` value from the URL or the `_epik` cookie unchanged.',
    );
  }
}

function isFilled(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '';
}
