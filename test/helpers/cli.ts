// Runs the CLI in-process through execute(), capturing output: the same code path as the bin.
import path from 'node:path';
import { execute } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';

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

export interface JsonReport {
  version: number;
  summary: { errors: number; warnings: number; infos: number; suppressed: number; fatal: number; resources: number; sources: number };
  findings: Array<{
    ruleId: string;
    severity: string;
    message: string;
    file: string | null;
    line: number | null;
    column: number | null;
    endLine: number | null;
    endColumn: number | null;
    resource: { apiVersion: string; kind: string; namespace: string | null; name: string } | null;
    path: string | null;
    fatal?: boolean;
    suppressed?: { kind: string; reason: string };
  }>;
}
