// Runs the CLI in-process through execute(), capturing output: the same code path as the bin.
import path from 'node:path';
import { execute } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';
import type { JsonReport } from '../../src/report/json.js';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(argv: string[], options: { cwd?: string; stdin?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: { write: (t: string) => (stdout += t), isTTY: false },
    stderr: { write: (t: string) => (stderr += t), isTTY: false },
    readStdin: async () => options.stdin ?? '',
    env: options.env ?? {},
    cwd: options.cwd ?? REPO_ROOT,
  };
  const code = await execute(argv, io);
  return { code, stdout, stderr };
}

/** Runs the CLI with --format json and returns the parsed report. */
export async function runJson(argv: string[], options: Parameters<typeof runCli>[1] = {}) {
  const result = await runCli([...argv, '--format', 'json'], options);
  return { ...result, report: result.stdout ? (JSON.parse(result.stdout) as JsonReport) : undefined };
}

export type { JsonReport } from '../../src/report/json.js';
