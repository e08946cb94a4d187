// kubectl, as a user runs it: exit code, stdout, stderr and the warnings it prints.
import { spawn } from 'node:child_process';
import { withoutProxy } from './processes.js';

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
  /** The text of each `Warning: …` line kubectl printed (admission warnings). */
  warnings: string[];
}

export function kubectl(kubeconfig: string, args: string[], input?: string, timeoutMs = 60_000): Promise<KubectlResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('kubectl', ['--kubeconfig', kubeconfig, ...args], { env: withoutProxy(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const warnings = stderr.split('\n').filter((l) => l.startsWith('Warning: ')).map((l) => l.slice('Warning: '.length));
      resolve({ code: code ?? -1, stdout, stderr, warnings });
    });
    child.stdin.end(input ?? '');
  });
}

/** kubectl that must succeed; the error names the command and what kubectl said. */
export async function mustKubectl(kubeconfig: string, args: string[], input?: string): Promise<KubectlResult> {
  const result = await kubectl(kubeconfig, args, input);
  if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
  return result;
}
