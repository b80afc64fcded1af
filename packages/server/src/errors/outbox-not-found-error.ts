// Error for an outbox opened read-only whose file or table does not exist, so nothing was created.

import { PinpairError } from '@pinpair/core';
import { hasPinpairErrorName } from './pinterest-api-error.js';

/** The missing part: the file itself, or the `pinpair_outbox` table in an existing SQLite file. */
export type OutboxNotFoundReason = 'missing-file' | 'missing-table';

/** Options accepted by {@link OutboxNotFoundError}. */
export interface OutboxNotFoundErrorOptions {
  /** The path that was opened. */
  path: string;
  /** The missing part. */
  reason: OutboxNotFoundReason;
}

/**
 * A read-only outbox was opened at a path that contains no outbox: the file does not exist, or it is a
 * SQLite file without the `pinpair_outbox` table. A read-only open never creates either.
 */
export class OutboxNotFoundError extends PinpairError {
  /** The path that was opened. */
  readonly path: string;
  /** The missing part. */
  readonly reason: OutboxNotFoundReason;

  constructor(options: OutboxNotFoundErrorOptions) {
    const what =
      options.reason === 'missing-file'
        ? `No outbox file at ${options.path}`
        : `${options.path} is a SQLite file without the pinpair_outbox table, so it is not a pinpair outbox`;
    super(
      `${what}. Open the file the reporter writes: its \`outboxPath\`, PINPAIR_OUTBOX_PATH, or pinpair-outbox.sqlite in the reporter's working directory.`,
      { code: 'outbox_not_found' },
    );
    this.name = 'OutboxNotFoundError';
    this.path = options.path;
    this.reason = options.reason;
  }
}

/** Tells whether `error` is an {@link OutboxNotFoundError}, also across realms (by `name`). */
export function isOutboxNotFoundError(error: unknown): error is OutboxNotFoundError {
  return error instanceof OutboxNotFoundError || hasPinpairErrorName(error, 'OutboxNotFoundError');
}
