// Decodes the query of a tag beacon, in the JSON form of core.js and the bracket form of the image tag.

import type { TagBeacon } from '../ledger/types.js';
import { isJsonObject } from './field-checks.js';

/**
 * Decodes `/v3/` query parameters. `ed`, `ad` and `pd` are JSON objects in the script tag's beacons.
 * The `<img>` tag form sends `ed[value]=…` and `pd[em]=…` instead, so those are folded into the same
 * objects. A parameter whose JSON does not parse is left out and named in `malformed`.
 */
export function parseTagBeacon(query: URLSearchParams): TagBeacon {
  const malformed: string[] = [];
  const objects: Record<'ed' | 'ad' | 'pd', Record<string, unknown> | undefined> = {
    ed: undefined,
    ad: undefined,
    pd: undefined,
  };

  for (const name of ['ed', 'ad', 'pd'] as const) {
    const raw = query.get(name);
    if (raw === null) continue;
    try {
      const parsed: unknown = JSON.parse(raw);
      if (isJsonObject(parsed)) objects[name] = parsed;
      else malformed.push(name);
    } catch {
      malformed.push(name);
    }
  }

  for (const [key, value] of query) {
    const bracket = /^(ed|ad|pd)\[([^\]]+)\]$/.exec(key);
    if (!bracket?.[1] || !bracket[2]) continue;
    const name = bracket[1] as 'ed' | 'ad' | 'pd';
    objects[name] = { ...objects[name], [bracket[2]]: value };
  }

  return {
    tid: query.get('tid') ?? undefined,
    event: (query.get('event') ?? 'init').toLowerCase(),
    ed: objects.ed,
    ad: objects.ad,
    pd: objects.pd,
    cb: query.get('cb') ?? undefined,
    noscript: query.get('noscript') === '1',
    malformed,
  };
}
