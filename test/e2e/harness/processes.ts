// Child processes a test starts: started in their own process group, logged to a file, and
// stopped by their own pid (never by name), so a test stops exactly what it started.
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync } from 'node:fs';
import { createServer } from 'node:net';

/** Proxies must not be used for loopback calls (API server → webhook, kubectl → API server). */
export function withoutProxy(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const clean = { ...env };
  for (const name of ['HTTPS_PROXY', 'HTTP_PROXY', 'https_proxy', 'http_proxy', 'ALL_PROXY', 'all_proxy']) delete clean[name];
  clean.NO_PROXY = clean.no_proxy = '127.0.0.1,localhost';
  return clean;
}

export class Proc {
  readonly exited: Promise<number | null>;
  private code: number | null | undefined;

  constructor(readonly name: string, readonly child: ChildProcess, readonly logFile: string) {
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve((this.code = code ?? (signal ? null : 0)))));
  }

  static start(name: string, command: string, args: string[], options: { logFile: string; env?: NodeJS.ProcessEnv; cwd?: string }): Proc {
    const out = openSync(options.logFile, 'a');
    const child = spawn(command, args, { cwd: options.cwd, env: withoutProxy(options.env), stdio: ['ignore', out, out] });
    return new Proc(name, child, options.logFile);
  }

  get running(): boolean {
    return this.code === undefined;
  }

  signal(signal: NodeJS.Signals): void {
    if (this.running) this.child.kill(signal);
  }

  /** SIGTERM, then SIGKILL after graceMs; resolves with the exit code (null when killed by a signal). */
  async stop(graceMs = 15_000): Promise<number | null> {
    if (!this.running) return this.code ?? null;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** A port free right now on 127.0.0.1 (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 60_000, everyMs = 250): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
}
