// The logger interface the fakes write to: the subset of pino's API they call.

/** One log method: pino's `(object, message)` form. */
export type LogMethod = (fields: Record<string, unknown>, message: string) => void;

/**
 * Logger the fakes write starts, stops and caught errors to. A pino logger fits as it is; so does
 * any object with these four methods.
 */
export interface TestkitLogger {
  debug: LogMethod;
  info: LogMethod;
  warn: LogMethod;
  error: LogMethod;
}

const ignore: LogMethod = () => {};

/** Logger that drops every line: the default, so tests stay quiet. */
export const silentLogger: TestkitLogger = { debug: ignore, info: ignore, warn: ignore, error: ignore };

/**
 * Creates a logger that prints one line per entry to stderr, for the command-line tool.
 *
 * @param minimumLevel - entries below this level are dropped
 */
export function createConsoleLogger(
  minimumLevel: 'debug' | 'info' | 'warn' | 'error' = 'info',
): TestkitLogger {
  const levels = ['debug', 'info', 'warn', 'error'] as const;
  const minimumRank = levels.indexOf(minimumLevel);

  const method =
    (level: (typeof levels)[number]): LogMethod =>
    (fields, message) => {
      if (levels.indexOf(level) < minimumRank) return;
      const details = Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
      process.stderr.write(`${new Date().toISOString()} ${level} ${message}${details}\n`);
    };

  return { debug: method('debug'), info: method('info'), warn: method('warn'), error: method('error') };
}
