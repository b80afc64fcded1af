// Builds the ledger report: conversions with their problems, totals and coverage figures.

import { isJsonObject } from '../pinterest/field-checks.js';
import { toConversionRow } from './conversion-row.js';
import { toConversionCopy } from './copies.js';
import { groupConversions } from './grouping.js';
import type {
  CapiLedgerEvent,
  ConversionRow,
  LedgerEvent,
  LedgerReport,
  ReportCoverage,
  Share,
} from './types.js';

/** Inputs of {@link buildReport} besides the events. */
export interface ReportSettings {
  dedupWindowMs: number;
  dedupWindowHours: number;
  nowMs: number;
  isMappedTag: (tagId: string | undefined) => boolean;
}

/** Builds the report of `events` (in order of arrival). */
export function buildReport(events: readonly LedgerEvent[], settings: ReportSettings): LedgerReport {
  // Tag beacons that are not conversions (`init`, user-defined audience events) stay out of the rows.
  const copies = events
    .filter((event) => event.channel === 'capi' || event.eventName !== undefined)
    .map(toConversionCopy);
  const groups = groupConversions(copies, settings.dedupWindowMs);
  const conversions = groups.map((group) =>
    toConversionRow(group, settings.dedupWindowHours, settings.isMappedTag),
  );
  flagOrdersWithSeveralEventIds(conversions);

  const capiEvents = events.filter((event): event is CapiLedgerEvent => event.channel === 'capi');
  return {
    version: 1,
    generatedAt: new Date(settings.nowMs).toISOString(),
    dedupWindowHours: settings.dedupWindowHours,
    totals: {
      events: events.length,
      tagEvents: events.length - capiEvents.length,
      capiEvents: capiEvents.length,
      capiEventsFailed: capiEvents.filter((event) => event.status === 'failed').length,
      conversions: conversions.length,
      deduplicated: conversions.filter((row) => row.deduplicated).length,
      withProblems: conversions.filter((row) => row.problems.length > 0).length,
    },
    coverage: computeCoverage(events, conversions),
    conversions,
  };
}

/** Adds `order_id_multiple_event_ids` to every row whose order id, advertiser and event name recur with another event id. */
function flagOrdersWithSeveralEventIds(conversions: ConversionRow[]): void {
  const idsByOrder = new Map<string, Set<string>>();
  const keyOf = (row: ConversionRow) =>
    row.orderId === null || row.eventId === null
      ? undefined
      : `${row.adAccountId}/${row.eventName}/${row.orderId}`;

  for (const row of conversions) {
    const key = keyOf(row);
    if (key === undefined || row.eventId === null) continue;
    const ids = idsByOrder.get(key) ?? new Set<string>();
    ids.add(row.eventId);
    idsByOrder.set(key, ids);
  }

  for (const row of conversions) {
    const key = keyOf(row);
    const ids = key === undefined ? undefined : idsByOrder.get(key);
    if (!ids || ids.size < 2) continue;
    row.problems.push({
      code: 'order_id_multiple_event_ids',
      severity: 'error',
      channel: null,
      message: `order_id ${JSON.stringify(row.orderId)} was sent with ${ids.size} different event ids (${[...ids].join(', ')}); derive the event id from the order id on both channels.`,
    });
  }
}

function computeCoverage(events: readonly LedgerEvent[], conversions: ConversionRow[]): ReportCoverage {
  const acceptedCapi = events.filter(
    (event): event is CapiLedgerEvent => event.channel === 'capi' && event.status === 'processed',
  );
  const userDataOf = (event: CapiLedgerEvent) =>
    isJsonObject(event.payload) && isJsonObject(event.payload.user_data) ? event.payload.user_data : {};
  const present = (value: unknown) =>
    (typeof value === 'string' && value.length > 0) || (Array.isArray(value) && value.length > 0);

  const tagConversions = events.filter((event) => event.channel === 'tag' && event.eventName !== undefined);

  const dedupRateByEventName: ReportCoverage['dedupRateByEventName'] = {};
  for (const row of conversions) {
    if (row.eventName === null) continue;
    const entry = dedupRateByEventName[row.eventName] ?? { conversions: 0, deduplicated: 0, rate: null };
    entry.conversions += 1;
    if (row.deduplicated) entry.deduplicated += 1;
    entry.rate = share(entry.deduplicated, entry.conversions);
    dedupRateByEventName[row.eventName] = entry;
  }

  return {
    capi: {
      events: acceptedCapi.length,
      withEm: share(
        acceptedCapi.filter((event) => present(userDataOf(event).em)).length,
        acceptedCapi.length,
      ),
      withIpAndUserAgent: share(
        acceptedCapi.filter((event) => {
          const userData = userDataOf(event);
          return present(userData.client_ip_address) && present(userData.client_user_agent);
        }).length,
        acceptedCapi.length,
      ),
      withClickId: share(
        acceptedCapi.filter((event) => present(userDataOf(event).click_id)).length,
        acceptedCapi.length,
      ),
    },
    tag: {
      events: tagConversions.length,
      withEventId: share(
        tagConversions.filter((event) => event.eventId !== undefined).length,
        tagConversions.length,
      ),
    },
    dedupRateByEventName,
  };
}

function share(count: number, total: number): Share {
  return total === 0 ? null : count / total;
}
