// The dedup ledger: every event either channel received, and the report built from them on request.

import type { TagMapping } from '../pinterest/options.js';
import { buildReport } from './report.js';
import type { CapiLedgerEvent, LedgerEvent, LedgerReport, TagLedgerEvent } from './types.js';

/** Programmatic access to the ledger of a fake Pinterest. */
export interface DedupLedger {
  /**
   * Builds the report: one row per conversion with its channels, dedup status and problems, plus
   * coverage figures. The same JSON as `GET /_testkit/report.json`.
   *
   * @example
   * ```ts
   * const [row] = pinterest.ledger.report().conversions;
   * expect(row.deduplicated).toBe(true);
   * ```
   */
  report(): LedgerReport;
  /** Lists every received event of both channels in order of arrival (copies; changing them changes nothing). */
  events(): LedgerEvent[];
  /** Forgets every event. Sequence numbers keep counting, so ids stay unique. */
  clear(): void;
}

/** Settings the ledger reads when it builds a report. */
export interface LedgerSettings {
  dedupWindowHours: number;
  tags: readonly TagMapping[];
  now: () => number;
}

/** In-memory ledger of one fake Pinterest. */
export class Ledger implements DedupLedger {
  private stored: LedgerEvent[] = [];
  private nextSeq = 1;

  constructor(private readonly settings: LedgerSettings) {}

  /** Returns the ad account a tag id reports to, or undefined when the tag is not mapped. */
  adAccountForTag(tagId: string | undefined): string | undefined {
    return this.settings.tags.find((tag) => tag.tagId === tagId)?.adAccountId;
  }

  /** Stores a tag beacon and returns it with its sequence number. */
  addTagEvent(event: Omit<TagLedgerEvent, 'seq'>): TagLedgerEvent {
    const stored: TagLedgerEvent = { ...event, seq: this.nextSeq++ };
    this.stored.push(stored);
    return stored;
  }

  /** Stores one event of a CAPI request and returns it with its sequence number. */
  addCapiEvent(event: Omit<CapiLedgerEvent, 'seq'>): CapiLedgerEvent {
    const stored: CapiLedgerEvent = { ...event, seq: this.nextSeq++ };
    this.stored.push(stored);
    return stored;
  }

  report(): LedgerReport {
    return buildReport(this.stored, {
      dedupWindowMs: this.settings.dedupWindowHours * 3_600_000,
      dedupWindowHours: this.settings.dedupWindowHours,
      nowMs: this.settings.now(),
      isMappedTag: (tagId) => this.adAccountForTag(tagId) !== undefined,
    });
  }

  events(): LedgerEvent[] {
    return structuredClone(this.stored);
  }

  clear(): void {
    this.stored = [];
  }
}
