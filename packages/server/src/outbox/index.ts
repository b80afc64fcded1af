// Re-exports the outbox contract and its two stores.

export { createMemoryOutbox, type MemoryOutboxOptions } from './memory-outbox.js';
export {
  type ClaimedEntry,
  type ClaimOptions,
  DEAD_LETTER_REASONS,
  type DeadLetterReason,
  type DeadLetterRequest,
  type EnqueueResult,
  OUTBOX_RETENTION_DEFAULTS,
  OUTBOX_STATES,
  type Outbox,
  type OutboxRecord,
  type OutboxRetentionOptions,
  type OutboxState,
  type PurgeResult,
  type ResolvedOutboxRetentionOptions,
} from './outbox.js';
export {
  createSqliteOutbox,
  type ResolvedSqliteOutboxOptions,
  SQLITE_OUTBOX_DEFAULTS,
  type SqliteOutboxOptions,
} from './sqlite-outbox.js';
export { OUTBOX_SCHEMA_VERSION, type SqliteSynchronous } from './sqlite-schema.js';
