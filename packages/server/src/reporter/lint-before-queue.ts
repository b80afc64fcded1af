// Lints a CAPI event before the reporter queues it, so report() returns what Pinterest will reject.

import { type CapiEvent, lintCapiEvent, type Problem } from '@pinpair/core';
import type { PinpairLogger } from '../logger.js';

/** The limits the linter applies, the same ones the dispatcher screens with before sending. */
export interface QueueLintLimits {
  /** The current time, in Unix seconds. */
  nowSeconds: number;
  /** Oldest accepted event age, in seconds. */
  maxEventAgeSeconds: number;
}

/**
 * Lints `event` and logs a warning with its event id and the problem codes and paths, never the
 * values. Returns the problems. The event is queued either way: one with errors becomes an `invalid`
 * dead letter when the dispatcher screens it, so the reason stays visible in `pinpair dead-letters`.
 */
export function lintBeforeQueue(event: CapiEvent, limits: QueueLintLimits, logger: PinpairLogger): Problem[] {
  const problems = lintCapiEvent(event, {
    nowSeconds: limits.nowSeconds,
    maxAgeSeconds: limits.maxEventAgeSeconds,
  });
  if (problems.length === 0) return problems;

  const errors = problems.filter((problem) => problem.severity === 'error').length;
  logger.warn(
    {
      eventId: event.event_id,
      errors,
      warnings: problems.length - errors,
      problems: problems.map(({ path, severity, code }) => ({ path, severity, code })),
    },
    errors > 0
      ? 'CAPI event is invalid: Pinterest would reject it, so the dispatcher will move it to the dead-letter store as invalid'
      : 'CAPI event queued with linter warnings',
  );
  return problems;
}
