// Types of the dedup ledger: the events it stores and the report it builds from them (a stable JSON shape).

import type { ActionSource, ApiEventName } from '@pinpair/core';

/** The channel an event arrived on: the Pinterest Tag's beacons or the Conversions API. */
export type Channel = 'tag' | 'capi';

/** Fields every ledger event has, whichever channel it came from. */
export interface LedgerEventBase {
  /** Order of arrival across both channels, from 1. */
  seq: number;
  channel: Channel;
  /** Arrival time on the fake's clock, in milliseconds since the epoch. */
  receivedAt: number;
  /** Address of the TCP peer that sent the request. */
  sourceAddress: string;
  /** `User-Agent` header of the request. */
  userAgent: string | undefined;
  /** The advertiser: the ad account in the CAPI path, or the account a tag id maps to. */
  adAccountId: string | undefined;
  /** API event name (`checkout`, `add_to_cart`, …); undefined for tag beacons that are not conversions, such as `init`. */
  eventName: ApiEventName | undefined;
  /** `event_id` as sent; undefined when absent or not a string. */
  eventId: string | undefined;
}

/** Decoded query of a tag beacon (`GET /v3/?tid=…&event=…&ed=…&ad=…&pd=…&cb=…`). */
export interface TagBeacon {
  /** `tid`: the tag id. */
  tid: string | undefined;
  /** `event`: the event name on the wire, lowercase (`init`, `pagevisit`, `checkout`, …). */
  event: string;
  /** `ed`: event data, decoded from JSON (or from `ed[key]` parameters of the image-tag form). */
  ed: Record<string, unknown> | undefined;
  /** `ad`: automatic data such as `loc` (page URL) and `ref` (referrer). */
  ad: Record<string, unknown> | undefined;
  /** `pd`: partner data such as the hashed `em`. */
  pd: Record<string, unknown> | undefined;
  /** `cb`: the cache buster, the browser's time in milliseconds. */
  cb: string | undefined;
  /** True for the `<noscript>` image (`noscript=1`). */
  noscript: boolean;
  /** Names of parameters whose JSON did not parse. */
  malformed: string[];
}

/** A beacon of the fake tag. */
export interface TagLedgerEvent extends LedgerEventBase {
  channel: 'tag';
  tagId: string | undefined;
  /** The browser's address: the source address, or the first `X-Forwarded-For` address when trusted. */
  clientAddress: string;
  payload: TagBeacon;
}

/** One event of a CAPI request, accepted or failed. */
export interface CapiLedgerEvent extends LedgerEventBase {
  channel: 'capi';
  /** `seq` of the HTTP request in `requests()`. */
  requestSeq: number;
  /** Position of the event in the request's `data`. */
  index: number;
  /** `action_source` when it is one of the four valid values. */
  actionSource: ActionSource | undefined;
  status: 'processed' | 'failed';
  errorMessage: string | null;
  warningMessage: string | null;
  /** The event exactly as sent. */
  payload: unknown;
}

/** An event in the ledger. */
export type LedgerEvent = TagLedgerEvent | CapiLedgerEvent;

/** Codes of the problems the report lists; stable, so tests may match on them. */
export type ProblemCode =
  | 'missing_capi'
  | 'missing_tag'
  | 'capi_rejected'
  | 'event_id_missing'
  | 'event_name_mismatch'
  | 'outside_dedup_window'
  | 'offline_not_deduplicated'
  | 'repeated_on_channel'
  | 'order_id_multiple_event_ids'
  | 'server_ip_as_client_ip'
  | 'server_user_agent'
  | 'client_ip_mismatch'
  | 'client_user_agent_mismatch'
  | 'unhashed_pii'
  | 'click_id_missing'
  | 'checkout_without_value_or_currency'
  | 'tag_not_mapped';

/** Something wrong with a conversion, as data. */
export interface ConversionProblem {
  code: ProblemCode;
  /** `error`: Pinterest miscounts or loses the conversion; `warning`: it counts, with less quality. */
  severity: 'error' | 'warning';
  /** The channel whose copy has the problem, or null when it concerns the pair. */
  channel: Channel | null;
  message: string;
}

/** A share from 0 to 1, or null when there was nothing to count. */
export type Share = number | null;

/** One conversion: every copy of one (advertiser, event id) within the dedup window. */
export interface ConversionRow {
  /** Stable within one report: `adAccountId/eventId/n`, or `seq/N` for a copy without an event id. */
  id: string;
  adAccountId: string | null;
  /** API event name, from the CAPI copy when there is one, else from the tag. */
  eventName: ApiEventName | null;
  eventId: string | null;
  orderId: string | null;
  /** Decimal string as CAPI sent it, or the tag's value written as a string. */
  value: string | null;
  currency: string | null;
  actionSource: ActionSource | null;
  /** Channels with at least one accepted copy, `tag` before `capi`. */
  channels: Channel[];
  /** Number of copies per channel; `capiFailed` counts CAPI copies Pinterest rejected. */
  copies: { tag: number; capi: number; capiFailed: number };
  /** True when a tag copy and an accepted CAPI copy with the same event name and id arrived within the window. */
  deduplicated: boolean;
  /** True when a CAPI copy carried `user_data.click_id`. */
  clickIdPresent: boolean;
  /**
   * Names of the `user_data` fields with a value (not null, `""` or `[]`) in the first accepted CAPI
   * copy, sorted, such as `['client_ip_address', 'client_user_agent', 'click_id', 'em']`. The
   * values stay out of the report. Empty when no CAPI copy was accepted.
   */
  userDataKeys: string[];
  /** `user_data.client_ip_address` of the first accepted CAPI copy, or null. Compare it with the shopper's IP. */
  clientIpAddress: string | null;
  /** `user_data.client_user_agent` of the first accepted CAPI copy, or null. Compare it with the browser's `navigator.userAgent`. */
  clientUserAgent: string | null;
  /**
   * Product ids of the first accepted CAPI copy (`custom_data.content_ids`, then the `id` of each
   * `custom_data.contents` item), without repeats. With no accepted CAPI copy, the `product_id` of
   * each `line_items` entry of the first tag copy that has any. Empty when neither has products.
   */
  contentIds: string[];
  firstReceivedAt: string;
  lastReceivedAt: string;
  /** `seq` of every ledger event in this conversion. */
  eventSeqs: number[];
  problems: ConversionProblem[];
}

/** Coverage figures over all received events. */
export interface ReportCoverage {
  capi: { events: number; withEm: Share; withIpAndUserAgent: Share; withClickId: Share };
  tag: { events: number; withEventId: Share };
  dedupRateByEventName: Record<string, { conversions: number; deduplicated: number; rate: Share }>;
}

/** The report served at `/_testkit/report.json` and returned by `ledger.report()`. */
export interface LedgerReport {
  /** Shape version; a breaking change to this interface increments it, and added fields leave it as it is. */
  version: 1;
  generatedAt: string;
  dedupWindowHours: number;
  totals: {
    events: number;
    tagEvents: number;
    capiEvents: number;
    capiEventsFailed: number;
    conversions: number;
    deduplicated: number;
    withProblems: number;
  };
  coverage: ReportCoverage;
  conversions: ConversionRow[];
}
