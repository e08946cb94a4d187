// Users' policies reload: watch the configured policy and data paths (their directories, because
// a ConfigMap volume swaps its files through a symlink), debounce, and when their content changed
// build a new linter and hand it over. A set that fails to load keeps the current one serving.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import type { Linter } from '../engine/engine.js';
import { policyInputFiles } from '../policy/sources.js';
import type { Logger } from './log.js';
import { errorText } from './log.js';

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
  private readonly watchers: FSWatcher[] = [];
  private timer: NodeJS.Timeout | undefined;
  private poller: NodeJS.Timeout | undefined;
  private current: string;
  private reloading: Promise<void> = Promise.resolve();

  constructor(private readonly options: PolicyReloaderOptions) {
    this.current = options.initialHash;
  }

  start(): void {
    const dirs = new Set<string>();
    for (const p of this.options.paths) {
      const isDir = statSync(p, { throwIfNoEntry: false })?.isDirectory();
      dirs.add(isDir ? p : path.dirname(p));
    }
    for (const dir of dirs) {
      try {
        const watcher = watch(dir, { persistent: false, recursive: false }, () => this.schedule());
        watcher.on('error', (error) => this.options.logger.log('warn', 'policy directory watch failed; relying on polling', { dir, error: errorText(error) }));
        this.watchers.push(watcher);
      } catch (error) {
        this.options.logger.log('warn', 'policy directory cannot be watched; relying on polling', { dir, error: errorText(error) });
      }
    }
    const pollMs = this.options.pollMs ?? 60_000;
    if (pollMs > 0) {
      this.poller = setInterval(() => this.schedule(), pollMs);
      this.poller.unref();
    }
  }

  stop(): void {
    for (const w of this.watchers) w.close();
    this.watchers.length = 0;
    clearTimeout(this.timer);
    clearInterval(this.poller);
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.reloading = this.reloading.then(() => this.reload());
    }, this.options.debounceMs ?? 500);
    this.timer.unref();
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
