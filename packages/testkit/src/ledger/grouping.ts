// Groups conversion copies into conversions: same advertiser and event id within the dedup window.

import type { ConversionCopy } from './copies.js';

/** Copies that the report shows as one conversion. */
export interface ConversionGroup {
  /** Stable id within one report. */
  id: string;
  advertiser: string;
  eventId: string | undefined;
  /** Copies in order of arrival. */
  copies: ConversionCopy[];
  /** True when an earlier group with the same advertiser and event id had closed its window. */
  afterWindow: boolean;
}

/**
 * Groups `copies` (in order of arrival). Copies with an event id join the open group of their
 * (advertiser, event id); a group stays open for `windowMs` after its first copy. Event names are
 * not part of the grouping, so a tag `addtocart` and a CAPI `checkout` with one id end up together
 * and the report can flag the mismatch. A copy without an event id joins a group with the same
 * advertiser, event name and order id when one is open, else it forms its own group.
 */
export function groupConversions(copies: readonly ConversionCopy[], windowMs: number): ConversionGroup[] {
  const groups: ConversionGroup[] = [];
  const latestByKey = new Map<string, ConversionGroup>();
  const counterByKey = new Map<string, number>();
  const withoutId: ConversionCopy[] = [];

  for (const copy of copies) {
    const eventId = copy.event.eventId;
    if (eventId === undefined) {
      withoutId.push(copy);
      continue;
    }

    const key = `${copy.advertiser}/${eventId}`;
    const latest = latestByKey.get(key);
    if (latest && isOpen(latest, copy, windowMs)) {
      latest.copies.push(copy);
      continue;
    }

    const counter = (counterByKey.get(key) ?? 0) + 1;
    counterByKey.set(key, counter);
    const group: ConversionGroup = {
      id: `${key}/${counter}`,
      advertiser: copy.advertiser,
      eventId,
      copies: [copy],
      afterWindow: latest !== undefined,
    };
    groups.push(group);
    latestByKey.set(key, group);
  }

  for (const copy of withoutId) {
    const match =
      copy.orderId === undefined ? undefined : groups.find((group) => sharesOrder(group, copy, windowMs));
    if (match) {
      match.copies.push(copy);
      match.copies.sort((left, right) => left.event.seq - right.event.seq);
      continue;
    }
    groups.push({
      id: `seq/${copy.event.seq}`,
      advertiser: copy.advertiser,
      eventId: undefined,
      copies: [copy],
      afterWindow: false,
    });
  }

  return groups.sort((left, right) => firstSeq(left) - firstSeq(right));
}

function isOpen(group: ConversionGroup, copy: ConversionCopy, windowMs: number): boolean {
  const first = group.copies[0];
  return first !== undefined && copy.event.receivedAt - first.event.receivedAt <= windowMs;
}

function sharesOrder(group: ConversionGroup, copy: ConversionCopy, windowMs: number): boolean {
  if (group.eventId === undefined || group.advertiser !== copy.advertiser) return false;
  const first = group.copies[0];
  if (!first || Math.abs(copy.event.receivedAt - first.event.receivedAt) > windowMs) return false;
  return group.copies.some(
    (member) => member.orderId === copy.orderId && member.event.eventName === copy.event.eventName,
  );
}

function firstSeq(group: ConversionGroup): number {
  return group.copies[0]?.event.seq ?? 0;
}
