// The shop's logger: pino's `(fields, message)` methods, the same shape @pinpair/server logs to.
import { pino } from 'pino';

/** One log method: fields first, then the message. */
export type ShopLogMethod = (fields: Record<string, unknown>, message: string) => void;

/** A pino logger, or anything with these four methods. The shop never logs raw personal data. */
export interface ShopLogger {
  debug: ShopLogMethod;
  info: ShopLogMethod;
  warn: ShopLogMethod;
  error: ShopLogMethod;
}

/** Creates a pino logger named `shop` writing JSON lines to stdout. */
export function createShopLogger(level: 'debug' | 'info' | 'warn' | 'error' = 'info'): ShopLogger {
  return pino({ name: 'shop', level });
}

/** A logger that drops every line, for tests. */
export const silentShopLogger: ShopLogger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};
