// Test helpers shared by the server package's tests: a manual clock, a capturing logger, temp dirs, inputs.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConversionInput } from '@pinpair/core';
import { pino } from 'pino';
import type { RequestContext } from '../context/request-context.js';
import type { PinpairLogger } from '../logger.js';
import type { Sleep } from '../sleep.js';

/** A clock the test moves by hand. */
export interface ManualClock {
  now: () => number;
  advance: (ms: number) => void;
}

/** Creates a clock starting at `startMs` (default: the real current time, so fakes accept event times). */
export function createManualClock(startMs = Date.now()): ManualClock {
  let current = startMs;
  return {
    now: () => current,
    advance: (ms) => {
      current += ms;
    },
  };
}

/** A sleep that never waits on a timer: it resolves only when its signal aborts. */
export const wakeOnlySleep: Sleep = (_ms, signal) =>
  new Promise((resolve) => {
    if (signal === undefined || signal.aborted) {
      resolve();
      return;
    }
    signal.addEventListener('abort', () => resolve(), { once: true });
  });

/** A real pino logger whose JSON lines are kept in memory. */
export interface CapturedLogger {
  logger: PinpairLogger;
  /** Raw JSON lines, as pino wrote them. */
  lines: string[];
  /** Parsed entries. */
  entries: () => Record<string, unknown>[];
  /** Entries whose `msg` contains `text`. */
  find: (text: string) => Record<string, unknown>[];
}

/** Creates a pino logger at debug level that writes into an array. */
export function captureLogger(): CapturedLogger {
  const lines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
  const entries = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return {
    logger,
    lines,
    entries,
    find: (text) => entries().filter((entry) => String(entry.msg).includes(text)),
  };
}

/** Creates a temporary directory and returns it with a function that deletes it. */
export function createTempDir(prefix = 'pinpair-server-'): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Returns a shopper's request context with both consents granted. */
export function grantedContext(overrides: Partial<RequestContext> = {}): RequestContext {
  return {
    clientIpAddress: '203.0.113.7',
    clientUserAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36',
    clickId: 'dj0yJnU9cGlucGFpci10ZXN0LWNsaWNr',
    consent: { advertising: 'granted', analytics: 'granted' },
    problems: [],
    ...overrides,
  };
}

/** Raw personal data used in checkout inputs, so tests can search for it where it must not appear. */
export const RAW_EMAIL = 'Shopper.Person+pinpair@example.com';
/** Raw phone number, written as a shopper types it. */
export const RAW_PHONE = '+1 (415) 555-0142';

/** Returns a checkout input for order `orderId` with raw e-mail, phone and names. */
export function checkoutInput(
  orderId: string | number,
  overrides: Partial<ConversionInput> = {},
): ConversionInput {
  return {
    eventName: 'checkout',
    orderId,
    value: '59.90',
    currency: 'USD',
    items: [
      { id: 'SKU-1', name: 'Linen pillow', price: '24.95', quantity: 2 },
      { id: 'SKU-2', name: 'Throw', price: '10.00', quantity: 1 },
    ],
    user: { email: RAW_EMAIL, phone: RAW_PHONE, firstName: 'Zoë', lastName: 'Person' },
    ...overrides,
  };
}
