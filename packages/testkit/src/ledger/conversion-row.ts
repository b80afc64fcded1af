// Turns one group of copies into a report row: channels, dedup status, ids, value and problems.

import { normalizeIp } from '../http/client-address.js';
import type { ConversionCopy } from './copies.js';
import { checkCapiCopy, checkCheckoutValue } from './copy-checks.js';
import type { ConversionGroup } from './grouping.js';
import type { Channel, ConversionProblem, ConversionRow } from './types.js';

/** Builds the row of `group`; `isMappedTag` returns whether a tag id has an ad account. */
export function toConversionRow(
  group: ConversionGroup,
  dedupWindowHours: number,
  isMappedTag: (tagId: string | undefined) => boolean,
): ConversionRow {
  const tagCopies = group.copies.filter((copy) => copy.event.channel === 'tag');
  const capiCopies = group.copies.filter((copy) => copy.event.channel === 'capi');
  const acceptedCapi = capiCopies.filter((copy) => copy.accepted);
  const preferred = acceptedCapi[0] ?? tagCopies[0] ?? group.copies[0];
  const first = group.copies[0];
  const last = group.copies[group.copies.length - 1];
  if (!preferred || !first || !last) throw new Error('A conversion group has no copies.');

  const channels: Channel[] = [];
  if (tagCopies.length > 0) channels.push('tag');
  if (acceptedCapi.length > 0) channels.push('capi');

  const deduplicated = tagCopies.some(
    (tag) =>
      tag.event.eventId !== undefined &&
      acceptedCapi.some(
        (capi) => capi.actionSource !== 'offline' && capi.event.eventName === tag.event.eventName,
      ),
  );

  const problems = [
    ...pairProblems(group, tagCopies, capiCopies, acceptedCapi, deduplicated, dedupWindowHours),
    ...tagCopies.flatMap((copy) => tagProblems(copy, isMappedTag)),
    ...acceptedCapi.flatMap((copy) => checkCapiCopy(copy, tagCopies)),
    ...group.copies.flatMap((copy) => checkCheckoutValue(copy) ?? []),
  ];

  return {
    id: group.id,
    adAccountId: preferred.event.adAccountId ?? null,
    eventName: preferred.event.eventName ?? null,
    eventId: group.eventId ?? null,
    orderId: firstDefined(group.copies, (copy) => copy.orderId, preferred),
    value: firstDefined(group.copies, (copy) => copy.value, preferred),
    currency: firstDefined(group.copies, (copy) => copy.currency, preferred),
    actionSource: preferred.actionSource ?? null,
    channels,
    copies: {
      tag: tagCopies.length,
      capi: acceptedCapi.length,
      capiFailed: capiCopies.length - acceptedCapi.length,
    },
    deduplicated,
    clickIdPresent: acceptedCapi.some((copy) => copy.clickId !== undefined),
    userDataKeys: presentKeys(acceptedCapi[0]?.userData ?? {}),
    clientIpAddress: acceptedCapi[0]?.clientIp ?? null,
    clientUserAgent: acceptedCapi[0]?.clientUserAgent ?? null,
    contentIds: productCopy(acceptedCapi, tagCopies)?.contentIds ?? [],
    firstReceivedAt: new Date(first.event.receivedAt).toISOString(),
    lastReceivedAt: new Date(last.event.receivedAt).toISOString(),
    eventSeqs: group.copies.map((copy) => copy.event.seq),
    problems,
  };
}

/** Problems of the pair: a missing side, rejected copies, names that differ, window and offline rules. */
function pairProblems(
  group: ConversionGroup,
  tagCopies: ConversionCopy[],
  capiCopies: ConversionCopy[],
  acceptedCapi: ConversionCopy[],
  deduplicated: boolean,
  dedupWindowHours: number,
): ConversionProblem[] {
  const problems: ConversionProblem[] = [];
  const idText =
    group.eventId === undefined ? 'this conversion' : `event_id ${JSON.stringify(group.eventId)}`;

  if (tagCopies.length > 0 && acceptedCapi.length === 0) {
    // A checkout seen only by the tag is lost whenever an ad blocker stops the tag. Shops often
    // report browsing events from the tag alone, so for those the gap is a warning.
    const checkout = tagCopies.some((copy) => copy.event.eventName === 'checkout');
    problems.push({
      code: 'missing_capi',
      severity: checkout ? 'error' : 'warning',
      channel: 'capi',
      message: `Only the tag sent ${idText}; no accepted CAPI copy has arrived yet. Pinterest deduplicates copies that arrive within ${dedupWindowHours} h of each other.`,
    });
  }
  if (
    acceptedCapi.length > 0 &&
    tagCopies.length === 0 &&
    acceptedCapi.every((copy) => copy.actionSource === 'web')
  ) {
    problems.push({
      code: 'missing_tag',
      severity: 'warning',
      channel: 'tag',
      message: `Only CAPI sent ${idText}; no tag copy has arrived yet. Pinterest deduplicates copies that arrive within ${dedupWindowHours} h of each other.`,
    });
  }
  for (const copy of capiCopies.filter((candidate) => !candidate.accepted)) {
    const reason = copy.event.channel === 'capi' ? copy.event.errorMessage : null;
    problems.push({
      code: 'capi_rejected',
      severity: 'error',
      channel: 'capi',
      message: `Pinterest rejected a CAPI copy: ${reason ?? 'no reason given'}`,
    });
  }

  const names = new Set(
    [...tagCopies, ...acceptedCapi].map(
      (copy) => `${copy.event.channel} ${copy.event.eventName ?? 'unknown'}`,
    ),
  );
  const eventNames = new Set([...tagCopies, ...acceptedCapi].map((copy) => copy.event.eventName));
  if (eventNames.size > 1) {
    problems.push({
      code: 'event_name_mismatch',
      severity: 'error',
      channel: null,
      message: `The copies of ${idText} name different events (${[...names].join(', ')}); Pinterest deduplicates only the same event.`,
    });
  }

  if (group.afterWindow) {
    problems.push({
      code: 'outside_dedup_window',
      severity: 'error',
      channel: null,
      message: `An earlier copy of ${idText} arrived more than ${dedupWindowHours} h before this one, so Pinterest counts both.`,
    });
  }

  const offline = acceptedCapi.some((copy) => copy.actionSource === 'offline');
  if (offline && tagCopies.length > 0 && !deduplicated) {
    problems.push({
      code: 'offline_not_deduplicated',
      severity: 'warning',
      channel: 'capi',
      message: `The CAPI copy of ${idText} is offline; Pinterest never deduplicates offline events, so it counts the tag copy too.`,
    });
  }

  for (const [channel, copies] of [
    ['tag', tagCopies],
    ['capi', acceptedCapi],
  ] as const) {
    if (copies.length > 1) {
      problems.push({
        code: 'repeated_on_channel',
        severity: 'warning',
        channel,
        message: `The ${channel === 'tag' ? 'tag' : 'CAPI'} sent ${idText} ${copies.length} times.`,
      });
    }
  }

  problems.push(...mismatchProblems(tagCopies, acceptedCapi));
  return problems;
}

/** Compares the browser's IP and user agent, seen by the tag, with what CAPI sent. */
function mismatchProblems(tagCopies: ConversionCopy[], acceptedCapi: ConversionCopy[]): ConversionProblem[] {
  const tag = tagCopies[0];
  const capi = acceptedCapi[0];
  if (!tag || !capi) return [];
  const problems: ConversionProblem[] = [];

  if (tag.clientIp && capi.clientIp && normalizeIp(tag.clientIp) !== normalizeIp(capi.clientIp)) {
    problems.push({
      code: 'client_ip_mismatch',
      severity: 'warning',
      channel: 'capi',
      message: `The browser sent the tag copy from ${tag.clientIp}, but CAPI's client_ip_address is ${capi.clientIp}.`,
    });
  }
  if (tag.clientUserAgent && capi.clientUserAgent && tag.clientUserAgent !== capi.clientUserAgent) {
    problems.push({
      code: 'client_user_agent_mismatch',
      severity: 'warning',
      channel: 'capi',
      message: "CAPI's client_user_agent differs from the User-Agent of the browser that sent the tag copy.",
    });
  }
  return problems;
}

function tagProblems(
  copy: ConversionCopy,
  isMappedTag: (tagId: string | undefined) => boolean,
): ConversionProblem[] {
  const problems: ConversionProblem[] = [];
  const tagId = copy.event.channel === 'tag' ? copy.event.tagId : undefined;

  if (copy.event.eventId === undefined) {
    problems.push({
      code: 'event_id_missing',
      severity: 'error',
      channel: 'tag',
      message: `The tag ${copy.event.eventName ?? ''} copy has no event_id, so Pinterest cannot deduplicate it against CAPI.`,
    });
  }
  if (!isMappedTag(tagId)) {
    problems.push({
      code: 'tag_not_mapped',
      severity: 'error',
      channel: 'tag',
      message: `Tag id ${JSON.stringify(tagId ?? '')} maps to no ad account; add it to the fake's \`tags\` option.`,
    });
  }
  return problems;
}

/** Returns the sorted names of the fields of `userData` that hold something other than null, `""` or `[]`. */
function presentKeys(userData: Record<string, unknown>): string[] {
  const isEmpty = (value: unknown) =>
    value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
  return Object.keys(userData)
    .filter((key) => !isEmpty(userData[key]))
    .sort();
}

/** Picks the copy whose products the row shows: the first accepted CAPI copy, else the first tag copy with line items. */
function productCopy(
  acceptedCapi: ConversionCopy[],
  tagCopies: ConversionCopy[],
): ConversionCopy | undefined {
  return acceptedCapi[0] ?? tagCopies.find((copy) => copy.contentIds.length > 0);
}

function firstDefined(
  copies: ConversionCopy[],
  read: (copy: ConversionCopy) => string | undefined,
  preferred: ConversionCopy,
): string | null {
  return read(preferred) ?? copies.map(read).find((value) => value !== undefined) ?? null;
}
