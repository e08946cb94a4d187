// Hot reload of mounted files: watch their directories (a Secret or ConfigMap volume swaps its
// files through a symlink, so watches on the files themselves go stale), poll as a backstop, and
// debounce a burst of events into one reload, never two at once.
import { watch, type FSWatcher } from 'node:fs';
import type { Logger } from './log.js';
import { errorText } from './log.js';

export interface ReloadWatchOptions {
  dirs: Iterable<string>;
  /** What the directories hold, for log lines: "certificate", "policy". */
  what: string;
  logger: Logger;
  reload(): Promise<void>;
  debounceMs?: number;
  /** Polling interval; 0 disables polling. */
  pollMs?: number;
}

export class ReloadWatch {
  private readonly watchers: FSWatcher[] = [];
  private timer: NodeJS.Timeout | undefined;
  private poller: NodeJS.Timeout | undefined;
  private reloading: Promise<void> = Promise.resolve();

  constructor(private readonly options: ReloadWatchOptions) {}

  start(): void {
    const { what, logger } = this.options;
    for (const dir of this.options.dirs) {
      try {
        const watcher = watch(dir, { persistent: false }, () => this.schedule());
        watcher.on('error', (error) => logger.log('warn', `${what} directory watch failed; relying on polling`, { dir, error: errorText(error) }));
        this.watchers.push(watcher);
      } catch (error) {
        logger.log('warn', `${what} directory cannot be watched; relying on polling`, { dir, error: errorText(error) });
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
      this.reloading = this.reloading.then(() => this.options.reload());
    }, this.options.debounceMs ?? 500);
    this.timer.unref();
  }
}
