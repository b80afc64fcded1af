// `pinpair outbox` and `pinpair dead-letters`: inspect the SQLite outbox and replay dead letters.

import { parseArgs } from 'node:util';
import { isOutboxNotFoundError } from '../errors/outbox-not-found-error.js';
import type { Outbox, OutboxRecord } from '../outbox/outbox.js';
import { createSqliteOutbox } from '../outbox/sqlite-outbox.js';
import { DEFAULT_OUTBOX_PATH } from '../reporter/reporter-options.js';
import { type CliIo, EXIT_CODES, type ExitCode, writeLine } from './cli-io.js';

/** Help text of `pinpair outbox`. */
export const OUTBOX_HELP = `Usage: pinpair outbox [--db PATH] [--json]

Shows how many events the SQLite outbox holds in each state: pending, in-flight, delivered, dead-letter.
Opens the file read-only and never creates it.

Options:
  --db PATH   Outbox file (default: $PINPAIR_OUTBOX_PATH, else ${DEFAULT_OUTBOX_PATH} in the
              working directory, the file the reporter uses by default)
  --json      Print the counts as JSON
  --help      Show this help`;

/** Help text of `pinpair dead-letters`. */
export const DEAD_LETTERS_HELP = `Usage: pinpair dead-letters [--db PATH] [--limit N] [--json]
       pinpair dead-letters --replay EVENT_ID... | --replay-all [--db PATH] [--json]

Lists events that could not be delivered, newest first, with the reason and Pinterest's message,
or moves them back to the queue. A running server sends replayed events at its next drain.
Listing opens the file read-only; no command creates it.

Options:
  --db PATH         Outbox file (default: $PINPAIR_OUTBOX_PATH, else ${DEFAULT_OUTBOX_PATH} in the
                    working directory, the file the reporter uses by default)
  --limit N         Show at most N dead letters (default 50)
  --replay ID...    Move the dead letters with these event ids back to the queue
  --replay-all      Move every dead letter back to the queue
  --json            Print the list as JSON. With --replay or --replay-all, print
                    {"moved": N, "notDeadLetters": [EVENT_ID...]}: how many dead letters went
                    back to the queue, and the given event ids that were not replayed because
                    they are not dead letters (always [] with --replay-all)
  --help            Show this help`;

/** Runs `pinpair outbox`. */
export async function runOutbox(args: string[], io: CliIo): Promise<ExitCode> {
  const { values } = parseArgs({
    args,
    options: { db: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean' } },
  });
  if (values.help === true) {
    writeLine(io.stdout, OUTBOX_HELP);
    return EXIT_CODES.ok;
  }

  return withOutbox(values.db, io, 'read-only', async (outbox, path) => {
    const counts = await outbox.counts();
    if (values.json === true) {
      writeLine(io.stdout, JSON.stringify(counts));
      return EXIT_CODES.ok;
    }
    writeLine(io.stdout, `Outbox ${path}`);
    for (const [state, count] of Object.entries(counts))
      writeLine(io.stdout, `  ${state.padEnd(12)} ${count}`);
    return EXIT_CODES.ok;
  });
}

/** Runs `pinpair dead-letters`. */
export async function runDeadLetters(args: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      db: { type: 'string' },
      limit: { type: 'string' },
      replay: { type: 'string', multiple: true },
      'replay-all': { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help === true) {
    writeLine(io.stdout, DEAD_LETTERS_HELP);
    return EXIT_CODES.ok;
  }

  const replayIds = [...(values.replay ?? []), ...(values.replay === undefined ? [] : positionals)];
  if (
    (values.replay === undefined && positionals.length > 0) ||
    (replayIds.length > 0 && values['replay-all'] === true)
  ) {
    writeLine(
      io.stderr,
      'pinpair dead-letters: pass event ids only after --replay, and not together with --replay-all.',
    );
    return EXIT_CODES.usage;
  }
  const limit = values.limit === undefined ? 50 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) {
    writeLine(io.stderr, `pinpair dead-letters: --limit must be a positive integer, got ${values.limit}.`);
    return EXIT_CODES.usage;
  }

  if (values['replay-all'] === true || replayIds.length > 0) {
    const eventIds = values['replay-all'] === true ? 'all' : replayIds;
    return withOutbox(values.db, io, 'read-write', (outbox) =>
      replayDeadLetters(outbox, eventIds, io, values.json === true),
    );
  }

  return withOutbox(values.db, io, 'read-only', async (outbox) => {
    const deadLetters = await outbox.deadLetters({ limit });
    if (values.json === true)
      writeLine(io.stdout, JSON.stringify(deadLetters.map(describeDeadLetter), null, 2));
    else printDeadLetters(io, deadLetters);
    return EXIT_CODES.ok;
  });
}

/**
 * Moves dead letters back to the queue, and fails naming every given event id that is not a dead
 * letter. With `json`, stdout gets `{ moved, notDeadLetters }` in place of the sentence, and the
 * message about ids that are not dead letters still goes to stderr.
 */
async function replayDeadLetters(
  outbox: Outbox,
  eventIds: readonly string[] | 'all',
  io: CliIo,
  json: boolean,
): Promise<ExitCode> {
  let notDeadLetters: string[] = [];
  if (eventIds !== 'all') {
    const deadLetterIds = new Set((await outbox.deadLetters()).map((record) => record.eventId));
    notDeadLetters = [...new Set(eventIds)].filter((eventId) => !deadLetterIds.has(eventId));
  }

  const moved = await outbox.replay(eventIds, Date.now());
  if (json) writeLine(io.stdout, JSON.stringify({ moved, notDeadLetters }, null, 2));
  else writeLine(io.stdout, `Moved ${moved} dead letter${moved === 1 ? '' : 's'} back to the queue.`);
  if (notDeadLetters.length > 0) {
    writeLine(
      io.stderr,
      `Not replayed, because they are not dead letters: ${notDeadLetters.join(', ')}. Run pinpair dead-letters to list them.`,
    );
    return EXIT_CODES.failed;
  }
  return EXIT_CODES.ok;
}

/**
 * Opens the outbox at `--db`, else PINPAIR_OUTBOX_PATH, else the reporter's default path, and runs
 * `action`. The file is opened read-only first, so a wrong path never gets an outbox table, and
 * opened again for writing only in `read-write` mode.
 */
async function withOutbox(
  dbOption: string | undefined,
  io: CliIo,
  mode: 'read-only' | 'read-write',
  action: (outbox: Outbox, path: string) => Promise<ExitCode>,
): Promise<ExitCode> {
  const path = dbOption ?? (io.env.PINPAIR_OUTBOX_PATH?.trim() || DEFAULT_OUTBOX_PATH);
  let outbox: Outbox;
  try {
    outbox = createSqliteOutbox({ path, readOnly: true });
    if (mode === 'read-write') {
      await outbox.close();
      outbox = createSqliteOutbox({ path });
    }
  } catch (error) {
    writeLine(io.stderr, describeOpenFailure(path, error));
    return EXIT_CODES.failed;
  }

  try {
    return await action(outbox, path);
  } finally {
    await outbox.close();
  }
}

/** Names the path, what is wrong with it and the fix. */
function describeOpenFailure(path: string, error: unknown): string {
  const fix = `Pass --db with the file the reporter writes, or set PINPAIR_OUTBOX_PATH to it. Without either, the reporter writes ${DEFAULT_OUTBOX_PATH} in its working directory.`;
  if (isOutboxNotFoundError(error)) {
    const problem =
      error.reason === 'missing-file'
        ? `No outbox file at ${path}.`
        : `${path} has no pinpair_outbox table, so it is not a pinpair outbox.`;
    return `${problem} ${fix}`;
  }
  return `Cannot open the outbox ${path}: ${error instanceof Error ? error.message : String(error)}. ${fix}`;
}

/** Selects the fields shown for a dead letter. The event payload stays out because it contains hashed user data. */
function describeDeadLetter(record: OutboxRecord) {
  return {
    eventId: record.eventId,
    eventName: record.eventName,
    adAccountId: record.adAccountId,
    reason: record.deadLetterReason,
    message: record.pinterestMessage,
    attempts: record.attempts,
    eventTime: new Date(record.eventTime * 1000).toISOString(),
    deadLetteredAt: record.settledAt === undefined ? undefined : new Date(record.settledAt).toISOString(),
  };
}

function printDeadLetters(io: CliIo, records: OutboxRecord[]): void {
  if (records.length === 0) {
    writeLine(io.stdout, 'No dead letters.');
    return;
  }
  for (const record of records.map(describeDeadLetter)) {
    writeLine(
      io.stdout,
      `${record.eventId}  ${record.eventName}  ${record.reason}  attempts=${record.attempts}`,
    );
    writeLine(io.stdout, `  ${record.message}`);
  }
  writeLine(io.stdout, `${records.length} dead letter${records.length === 1 ? '' : 's'} shown.`);
}
