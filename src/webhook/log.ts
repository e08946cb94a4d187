// Structured JSON logs, one object per line. Callers pass identifiers and counts only: the
// logger never receives object contents, so a Secret's data cannot end up in a log line.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, string | number | boolean | undefined | null | readonly unknown[]>;

export interface Logger {
  log(level: LogLevel, msg: string, fields?: LogFields): void;
}

const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export function jsonLogger(write: (line: string) => unknown, minimum: LogLevel = 'info', now: () => Date = () => new Date()): Logger {
  return {
    log(level, msg, fields = {}) {
      if (ORDER[level] < ORDER[minimum]) return;
      write(`${JSON.stringify({ time: now().toISOString(), level, msg, ...fields })}\n`);
    },
  };
}

export const silentLogger: Logger = { log() {} };

/** An error's message only (stacks on debug); never the request that caused it. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
