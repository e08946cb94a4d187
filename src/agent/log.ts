// Structured JSON logs, one object per line on stdout (what log collectors in the cluster expect).
import type { LogLevel } from './config.js';

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Errors do not serialise with JSON.stringify; keep the parts an operator needs. */
function plain(value: unknown): unknown {
  if (value instanceof Error) {
    const code = (value as NodeJS.ErrnoException).code;
    return { name: value.name, message: value.message, ...(code ? { code } : {}) };
  }
  return value;
}

export function createLogger(level: LogLevel, write: (line: string) => void = (l) => process.stdout.write(l)): Logger {
  const emit = (at: LogLevel, msg: string, fields?: LogFields): void => {
    if (RANK[at] < RANK[level]) return;
    const record: LogFields = { time: new Date().toISOString(), level: at, msg };
    for (const [key, value] of Object.entries(fields ?? {})) record[key] = plain(value);
    write(`${JSON.stringify(record)}\n`);
  };
  return {
    debug: (msg, fields) => emit('debug', msg, fields),
    info: (msg, fields) => emit('info', msg, fields),
    warn: (msg, fields) => emit('warn', msg, fields),
    error: (msg, fields) => emit('error', msg, fields),
  };
}

/** For tests: keeps records in memory instead of printing them. */
export function memoryLogger(): Logger & { records: LogFields[] } {
  const records: LogFields[] = [];
  const logger = createLogger('debug', (line) => records.push(JSON.parse(line) as LogFields));
  return Object.assign(logger, { records });
}
