// Finds and runs the external tools (helm, kustomize, and opa for users' own policies). Lookup order: config, environment,
// the kubelint package's own .tools/bin, then PATH. Runs share one semaphore bounded by the cores.
import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { packagePath } from '../config/paths.js';

export type ToolName = 'helm' | 'kustomize' | 'opa';

/** How to invoke a tool: the binary plus any leading arguments (`kubectl kustomize`). */
export interface ToolCommand {
  binary: string;
  prefix: string[];
  /** Where it was found, for messages. */
  via: 'config' | 'env' | 'tools' | 'path';
}

export type ToolLookup = { command: ToolCommand } | { error: string };

const ENV_VARS: Record<ToolName, string> = { helm: 'KUBELINT_HELM', kustomize: 'KUBELINT_KUSTOMIZE', opa: 'KUBELINT_OPA' };

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Searches PATH the way a shell would (PATHEXT is not needed: kubelint targets POSIX), except that
 * empty and relative entries ("." and the like) are skipped, as Go's exec.LookPath does: they
 * would find a program committed in the repository being linted.
 */
export function onPath(name: string, envPath = process.env.PATH ?? ''): string | undefined {
  for (const dir of envPath.split(path.delimiter)) {
    if (!path.isAbsolute(dir)) continue;
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function installHint(tool: ToolName): string {
  const key = `${tool}.binary`;
  return `install it with \`bash scripts/setup-tools.sh\` (in the kubelint repository), put it on PATH, or set ${ENV_VARS[tool]} (or "${key}" in a trusted config)`;
}

export interface LookupOptions {
  configured?: string;
  env?: NodeJS.ProcessEnv;
  /** Overrides the package's tools folder (tests). */
  toolsDir?: string;
  /** Configured root, against which a relative configured binary is resolved. */
  root?: string;
}

/** Finds a tool. A binary named explicitly (config or env) must exist: no silent fallback past it. */
export function findTool(tool: ToolName, options: LookupOptions = {}): ToolLookup {
  const env = options.env ?? process.env;
  const explicit: Array<[string | undefined, 'config' | 'env', string]> = [
    [options.configured, 'config', `"${tool}.binary" in the config`],
    [env[ENV_VARS[tool]], 'env', ENV_VARS[tool]],
  ];
  for (const [value, via, label] of explicit) {
    if (!value) continue;
    const resolved = value.includes('/') ? path.resolve(options.root ?? process.cwd(), value) : onPath(value, env.PATH);
    // `kubectl` named as the kustomize binary means `kubectl kustomize`.
    const prefix = tool === 'kustomize' && resolved && path.basename(resolved) === 'kubectl' ? ['kustomize'] : [];
    if (resolved && isExecutable(resolved)) return { command: { binary: resolved, prefix, via } };
    return { error: `${tool} not found: ${label} names "${value}", which is not an executable file; ${installHint(tool)}` };
  }
  const toolsDir = options.toolsDir ?? packagePath('.tools', 'bin');
  if (toolsDir && isExecutable(path.join(toolsDir, tool))) return { command: { binary: path.join(toolsDir, tool), prefix: [], via: 'tools' } };
  const found = onPath(tool, env.PATH);
  if (found) return { command: { binary: found, prefix: [], via: 'path' } };
  // kubectl embeds kustomize: `kubectl kustomize` builds the same way.
  if (tool === 'kustomize') {
    const kubectl = onPath('kubectl', env.PATH);
    if (kubectl) return { command: { binary: kubectl, prefix: ['kustomize'], via: 'path' } };
  }
  return { error: `${tool} not found; ${installHint(tool)}` };
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Set when the process could not be started or was killed. */
  failure?: string;
}

/** Output beyond this is refused rather than buffered without bound. */
const MAX_OUTPUT_BYTES = 256 * 1024 * 1024;
const TIMEOUT_MS = 5 * 60 * 1000;

/** Runs a tool and captures its output; never throws. */
export function runTool(command: ToolCommand, args: string[], cwd?: string, env?: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((resolve) => {
    // Required here: a run without renders or user policies never loads child_process (~5 ms with net and streams).
    const { spawn } = createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process');
    const child = spawn(command.binary, [...command.prefix, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    let failure: string | undefined;
    const timer = setTimeout(() => {
      failure = `timed out after ${TIMEOUT_MS / 1000}s`;
      child.kill('SIGKILL');
    }, TIMEOUT_MS);
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_OUTPUT_BYTES && !failure) {
        failure = `output larger than ${MAX_OUTPUT_BYTES / 1024 / 1024} MiB`;
        child.kill('SIGKILL');
      }
      into.push(chunk);
    };
    child.stdout.on('data', collect(out));
    child.stderr.on('data', collect(err));
    child.on('error', (error) => {
      failure ??= `cannot run ${command.binary}: ${error.message}`;
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), failure });
    });
  });
}

/** The first meaningful lines of a tool's stderr (Go tools print usage and blank lines around errors). */
export function summariseStderr(stderr: string, maxLines = 3, maxChars = 600): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^(Usage:|Flags:|Use ".* --help"|Use --debug flag|WARNING: .*(group|world)-readable)/.test(l));
  const summary = lines.slice(0, maxLines).join('; ');
  return summary.length > maxChars ? `${summary.slice(0, maxChars - 3)}...` : summary || 'no error output';
}

/** A counting semaphore: at most `limit` renders run at once, across all renderers. */
export class Semaphore {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await task();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}

/** Shows "rendering n/m" on a TTY stderr once more than `threshold` renders are in flight together. */
export class RenderProgress {
  private submitted = 0;
  private done = 0;
  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly threshold = 3,
  ) {}

  start(): void {
    if (this.done === this.submitted) this.submitted = this.done = 0; // a new wave of renders
    this.submitted++;
  }

  finish(label: string): void {
    this.done++;
    if (!this.stream.isTTY || this.submitted <= this.threshold) return;
    const line = `kubelint: rendered ${this.done}/${this.submitted} ${label}`;
    this.stream.write(`\r\x1b[K${line.slice(0, (this.stream.columns ?? 80) - 1)}`);
    if (this.done === this.submitted) this.stream.write('\r\x1b[K');
  }
}

// Made on the first render: process.stderr is a stream Node builds when first asked for (~1 ms of
// every cold start, most of which render nothing).
let slots: Semaphore | undefined;
let progress: RenderProgress | undefined;

/** Runs one render under the shared semaphore, with progress reporting. */
export async function scheduleRender<T>(label: string, task: () => Promise<T>): Promise<T> {
  slots ??= new Semaphore(Math.max(1, os.availableParallelism?.() ?? os.cpus().length));
  progress ??= new RenderProgress();
  progress.start();
  try {
    return await slots.run(task);
  } finally {
    progress.finish(label);
  }
}
