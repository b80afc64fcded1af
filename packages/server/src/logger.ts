// The logger interface pinpair writes to, and the pino logger it creates when none is given.

import { pino } from 'pino';

/** One log method in pino's `(fields, message)` form. */
export type LogMethod = (fields: Record<string, unknown>, message: string) => void;

/**
 * Logger that pinpair writes starts, stops, retries, dead letters and pauses to. A pino logger fits
 * as it is, and so does any object with these four methods. Pinpair never passes it a conversion
 * token or raw personal data (e-mail, phone, names); event ids, batch ids and counts identify work.
 */
export interface PinpairLogger {
  debug: LogMethod;
  info: LogMethod;
  warn: LogMethod;
  error: LogMethod;
}

/**
 * Creates the pino logger pinpair uses when the caller gives none: JSON lines on stdout, named
 * `pinpair`, at level `debug` when `debug` is true and `info` otherwise.
 */
export function createDefaultLogger(options: { debug?: boolean } = {}): PinpairLogger {
  return pino({ name: 'pinpair', level: options.debug === true ? 'debug' : 'info' });
}

/** Logger that drops every line. */
export const silentLogger: PinpairLogger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};
