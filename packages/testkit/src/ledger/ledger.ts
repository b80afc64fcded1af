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
  /**
   * Resolves with the first report for which `predicate` holds: the current one, or one built after a
   * later event arrives. Rejects after `timeoutMs` (default 5000), so tests wait for the server's
   * asynchronous delivery instead of sleeping.
   *
   * @example
   * ```ts
   * const report = await pinterest.ledger.waitForReport((r) => r.totals.deduplicated === 1);
   * ```
   */
  waitForReport(
    predicate: (report: LedgerReport) => boolean,
    options?: { timeoutMs?: number },
  ): Promise<LedgerReport>;
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
  private waiters: {
    predicate: (report: LedgerReport) => boolean;
    resolve: (report: LedgerReport) => void;
  }[] = [];

  constructor(private readonly settings: LedgerSettings) {}

  /** Returns the ad account a tag id reports to, or undefined when the tag is not mapped. */
  adAccountForTag(tagId: string | undefined): string | undefined {
    return this.settings.tags.find((tag) => tag.tagId === tagId)?.adAccountId;
  }

  /** Stores a tag beacon and returns it with its sequence number. */
  addTagEvent(event: Omit<TagLedgerEvent, 'seq'>): TagLedgerEvent {
    const stored: TagLedgerEvent = { ...event, seq: this.nextSeq++ };
    this.stored.push(stored);
    this.notifyWaiters();
    return stored;
  }

  /** Stores the events of one CAPI request and returns them with their sequence numbers. */
  addCapiEvents(events: readonly Omit<CapiLedgerEvent, 'seq'>[]): CapiLedgerEvent[] {
    const stored = events.map((event): CapiLedgerEvent => ({ ...event, seq: this.nextSeq++ }));
    this.stored.push(...stored);
    this.notifyWaiters();
    return stored;
  }

  waitForReport(
    predicate: (report: LedgerReport) => boolean,
    options: { timeoutMs?: number } = {},
  ): Promise<LedgerReport> {
    const current = this.report();
    if (predicate(current)) return Promise.resolve(current);

    const timeoutMs = options.timeoutMs ?? 5000;
    return new Promise((resolve, reject) => {
      const waiter = {
        predicate,
        resolve: (report: LedgerReport) => {
          clearTimeout(timer);
          resolve(report);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((candidate) => candidate !== waiter);
        const { totals } = this.report();
        reject(
          new Error(
            `Timed out after ${timeoutMs} ms waiting for a matching ledger report; the ledger contains ${totals.tagEvents} tag and ${totals.capiEvents} CAPI events.`,
          ),
        );
      }, timeoutMs);
      this.waiters.push(waiter);
    });
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

  private notifyWaiters(): void {
    if (this.waiters.length === 0) return;
    const report = this.report();
    const matched = this.waiters.filter((waiter) => waiter.predicate(report));
    this.waiters = this.waiters.filter((waiter) => !matched.includes(waiter));
    for (const waiter of matched) waiter.resolve(report);
  }
}
