// Users' policies reload: watch the configured policy and data paths (their directories, because
// a ConfigMap volume swaps its files through a symlink), debounce, and when their content changed
// build a new linter and hand it over. A set that fails to load keeps the current one serving.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Linter } from '../engine/engine.js';
import { policyInputFiles } from '../policy/sources.js';
import type { Logger } from './log.js';
import { errorText } from './log.js';
import { ReloadWatch } from './reload-watch.js';

export interface PolicyReloaderOptions {
  /** The configured policy and data paths (absolute). */
  paths: readonly string[];
  /** The content the current linter was built from (contentHash). */
  initialHash: string;
  load(): Promise<Linter>;
  apply(linter: Linter): void;
  logger: Logger;
  onReload?: (result: 'ok' | 'error') => void;
  debounceMs?: number;
  pollMs?: number;
  hash?: () => string;
}

/** Hash of every policy and data file's name and content; a missing path counts as missing. */
export function contentHash(policies: readonly string[], data: readonly string[]): string {
  const hash = createHash('sha256');
  let files: string[];
  try {
    files = policyInputFiles(policies, data);
  } catch (error) {
    return `unreadable:${errorText(error)}`;
  }
  for (const file of files) hash.update(file).update('\0').update(existsSync(file) ? readFileSync(file) : '<missing>');
  return hash.digest('hex');
}

export class PolicyReloader {
  private watch: ReloadWatch | undefined;
  private current: string;

  constructor(private readonly options: PolicyReloaderOptions) {
    this.current = options.initialHash;
  }

  start(): void {
    const dirs = new Set<string>();
    for (const p of this.options.paths) {
      const isDir = statSync(p, { throwIfNoEntry: false })?.isDirectory();
      dirs.add(isDir ? p : path.dirname(p));
    }
    const { logger, debounceMs, pollMs } = this.options;
    this.watch = new ReloadWatch({ dirs, what: 'policy', logger, debounceMs, pollMs, reload: () => this.reload() });
    this.watch.start();
  }

  stop(): void {
    this.watch?.stop();
  }

  /** Reloads now when the content changed; resolves once the new policies serve (or were rejected). */
  async reload(): Promise<void> {
    const { logger } = this.options;
    const next = this.options.hash?.() ?? '';
    if (next === this.current) return;
    let linter: Linter;
    try {
      linter = await this.options.load();
    } catch (error) {
      logger.log('error', 'new user policies rejected; keeping the current ones', { error: errorText(error) });
      this.options.onReload?.('error');
      return;
    }
    this.options.apply(linter);
    this.current = next;
    logger.log('info', 'user policies reloaded', { rules: linter.rules.size });
    this.options.onReload?.('ok');
  }
}
