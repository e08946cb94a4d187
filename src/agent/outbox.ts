// The durable outbox: one file per reading under DATA_DIR/outbox, written atomically
// (temp file → fsync → rename → fsync directory) before the reading is acknowledged,
// removed only after the central API accepted it. Rejected readings move to DATA_DIR/dead.
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { parseStoredReading, type Reading } from './reading.js';

/** The file-system calls the outbox makes; tests inject failures here (ENOSPC, EROFS). */
export type OutboxFs = Pick<typeof fsp, 'mkdir' | 'open' | 'rename' | 'unlink' | 'readdir' | 'readFile'>;

export interface OutboxEntry {
  /** File name inside outbox/: `<sequence>-<idempotency key>.json`, sorting oldest first. */
  name: string;
  reading: Reading;
}

export interface DeadLetterInfo {
  reason: string;
  status?: number;
  detail?: string;
}

const SEQ_DIGITS = 17;
const SEQ_LIMIT = 10n ** BigInt(SEQ_DIGITS);
/** How many temp files of one append are written and fsynced at the same time. */
const WRITE_CONCURRENCY = 32;
const NAME_PATTERN = /^(\d{17})-([A-Za-z0-9._-]+)\.json$/;

export class OutboxError extends Error {
  constructor(message: string, override readonly cause: unknown) {
    super(message);
    this.name = 'OutboxError';
  }
}

function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e?.code ? `${e.code}: ${e.message}` : String((e as Error)?.message ?? err);
}

/** Runs `task` over `items`, at most `size` at a time; rejects with the first failure once all settled. */
async function inBatches<T>(items: readonly T[], size: number, task: (item: T, index: number) => Promise<void>): Promise<void> {
  for (let start = 0; start < items.length; start += size) {
    const results = await Promise.allSettled(items.slice(start, start + size).map((item, k) => task(item, start + k)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }
}

export class Outbox {
  readonly outboxDir: string;
  readonly deadDir: string;
  readonly tmpDir: string;
  /** Names in send order; the source of truth is the directory, this mirrors it. */
  private names: string[] = [];
  private keys = new Map<string, string>();
  /** Highest sequence issued or found on disk; a counter, never the clock (see nextSeq). */
  private lastSeq = 0n;
  private tmpCounter = 0;

  private constructor(readonly dataDir: string, private readonly fs: OutboxFs) {
    this.outboxDir = join(dataDir, 'outbox');
    this.deadDir = join(dataDir, 'dead');
    this.tmpDir = join(dataDir, 'tmp');
  }

  /** Creates the folders, discards unacknowledged temp files, and indexes what is pending. */
  static async open(dataDir: string, fs: OutboxFs = fsp): Promise<Outbox> {
    const outbox = new Outbox(dataDir, fs);
    try {
      for (const dir of [outbox.outboxDir, outbox.deadDir, outbox.tmpDir]) await fs.mkdir(dir, { recursive: true });
      // A temp file was never renamed, so its reading was never acknowledged: safe to drop.
      for (const name of await fs.readdir(outbox.tmpDir)) await fs.unlink(join(outbox.tmpDir, name));
      const names = (await fs.readdir(outbox.outboxDir)).filter((n) => NAME_PATTERN.test(n)).sort();
      for (const name of names) outbox.index(name);
    } catch (err) {
      throw new OutboxError(`cannot open outbox in DATA_DIR=${dataDir}: ${describe(err)}`, err);
    }
    return outbox;
  }

  get depth(): number {
    return this.names.length;
  }

  has(key: string): boolean {
    return this.keys.has(key);
  }

  /**
   * Stores readings durably; resolves only once every file and the directory entry are on disk.
   * A key already pending is skipped (a client retrying its POST with the same id).
   */
  async append(readings: readonly Reading[]): Promise<void> {
    const seen = new Set<string>();
    const fresh = readings.filter((r) => {
      if (this.keys.has(r.idempotency_key) || seen.has(r.idempotency_key)) return false;
      seen.add(r.idempotency_key);
      return true;
    });
    if (fresh.length === 0) return;
    const staged: Array<{ tmp: string; name: string }> = [];
    try {
      for (const reading of fresh) {
        const name = `${this.nextSeq()}-${reading.idempotency_key}.json`;
        staged.push({ tmp: join(this.tmpDir, `${process.pid}-${++this.tmpCounter}.tmp`), name });
      }
      // fsyncs issued together share journal commits; one after another, each waits for its own.
      await inBatches(fresh, WRITE_CONCURRENCY, (reading, i) => this.writeSynced(staged[i]!.tmp, `${JSON.stringify(reading)}\n`));
      for (const { tmp, name } of staged) await this.fs.rename(tmp, join(this.outboxDir, name));
      await this.syncDir(this.outboxDir);
    } catch (err) {
      await this.discardStaged(staged);
      throw new OutboxError(`cannot persist readings to ${this.outboxDir}: ${describe(err)}`, err);
    }
    for (const { name } of staged) this.index(name);
  }

  /** The oldest pending readings; unreadable files are moved to dead/ and skipped. */
  async peek(limit: number): Promise<OutboxEntry[]> {
    const entries: OutboxEntry[] = [];
    for (const name of this.names.slice(0, limit)) {
      let text: string | undefined;
      try {
        text = await this.fs.readFile(join(this.outboxDir, name), 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new OutboxError(`cannot read ${name}: ${describe(err)}`, err);
        this.unindex(name);
        continue;
      }
      const reading = parseStoredReading(text);
      if (reading) entries.push({ name, reading });
      else await this.quarantine(name, text);
    }
    return entries;
  }

  /** Deletes delivered readings. */
  async remove(entries: readonly OutboxEntry[]): Promise<void> {
    await inBatches(entries, WRITE_CONCURRENCY, async ({ name }) => {
      try {
        await this.fs.unlink(join(this.outboxDir, name));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new OutboxError(`cannot remove ${name}: ${describe(err)}`, err);
      }
    });
    await this.syncDir(this.outboxDir);
    // The index (and so the depth metric) changes only once the removal is durable.
    for (const { name } of entries) this.unindex(name);
  }

  /** Moves readings the central API will never accept to dead/, with the reason beside them. */
  async deadLetter(entries: readonly OutboxEntry[], info: DeadLetterInfo): Promise<void> {
    const deadAt = new Date().toISOString();
    for (const { name, reading } of entries) {
      await this.writeDurably(this.deadDir, name, `${JSON.stringify({ reading, ...info, deadAt })}\n`);
    }
    // The dead copy is on disk before the outbox copy goes: a crash in between re-sends, never loses.
    await this.remove(entries);
  }

  /** Readiness: proves the data volume accepts a synced write right now. */
  async probe(): Promise<void> {
    const path = join(this.tmpDir, `probe-${process.pid}-${++this.tmpCounter}.tmp`);
    try {
      await this.writeSynced(path, 'probe\n');
      await this.fs.unlink(path);
    } catch (err) {
      // open() may have created the file before the write failed: a full disk must not also
      // collect one probe file per /readyz call until the inodes run out.
      await this.fs.unlink(path).catch(() => undefined);
      throw new OutboxError(`outbox not writable (DATA_DIR=${this.dataDir}): ${describe(err)}`, err);
    }
  }

  private async quarantine(name: string, text: string): Promise<void> {
    await this.writeDurably(this.deadDir, name.replace(/\.json$/, '.corrupt'), text);
    await this.fs.unlink(join(this.outboxDir, name));
    this.unindex(name);
    await this.syncDir(this.outboxDir);
  }

  private async writeDurably(dir: string, name: string, content: string): Promise<void> {
    const tmp = join(this.tmpDir, `${process.pid}-${++this.tmpCounter}.tmp`);
    try {
      await this.writeSynced(tmp, content);
      await this.fs.rename(tmp, join(dir, name));
    } catch (err) {
      await this.fs.unlink(tmp).catch(() => undefined);
      throw err;
    }
    await this.syncDir(dir);
  }

  private async writeSynced(path: string, content: string): Promise<void> {
    const handle = await this.fs.open(path, 'w', 0o600);
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  /** fsync on the directory makes the rename itself durable (POSIX leaves it in cache otherwise). */
  private async syncDir(dir: string): Promise<void> {
    const handle = await this.fs.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  private async discardStaged(staged: ReadonlyArray<{ tmp: string; name: string }>): Promise<void> {
    // The client is told "not stored", so undo what we can. A file that cannot be removed is a
    // complete reading: index it so it is still sent (clients that resend with the same id are
    // deduplicated by the central API).
    for (const { tmp, name } of staged) {
      await this.fs.unlink(tmp).catch(() => undefined);
      const final = join(this.outboxDir, name);
      await this.fs.unlink(final).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') this.index(name);
      });
    }
  }

  /**
   * A plain counter above everything on disk. The wall clock is not involved: a clock set far
   * ahead (year 5138+) once produced 18-digit names that the index pattern never matched again.
   */
  private nextSeq(): string {
    if (this.lastSeq + 1n >= SEQ_LIMIT) throw new Error(`sequence numbers exhausted in ${this.outboxDir}`);
    this.lastSeq += 1n;
    return this.lastSeq.toString().padStart(SEQ_DIGITS, '0');
  }

  private index(name: string): void {
    const match = NAME_PATTERN.exec(name);
    if (!match || this.keys.get(match[2] as string) === name) return;
    const seq = BigInt(match[1] as string);
    if (seq > this.lastSeq) this.lastSeq = seq;
    const last = this.names[this.names.length - 1];
    this.names.push(name);
    // New names are issued in increasing order, so sorting is only needed for stragglers.
    if (last !== undefined && last > name) this.names.sort();
    this.keys.set(match[2] as string, name);
  }

  private unindex(name: string): void {
    const at = this.names.indexOf(name);
    if (at >= 0) this.names.splice(at, 1);
    const match = NAME_PATTERN.exec(name);
    if (match && this.keys.get(match[2] as string) === name) this.keys.delete(match[2] as string);
  }
}
