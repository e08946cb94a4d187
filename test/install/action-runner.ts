// Runs a composite action's steps the way the GitHub runner does, for tests: `run` steps through
// bash with their `env` (the inputs as environment), `uses` steps recorded (not run), `if:`
// evaluated for the expressions action.yml uses, outputs read from $GITHUB_OUTPUT.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';

interface Step {
  id?: string;
  if?: string;
  uses?: string;
  with?: Record<string, string>;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  'working-directory'?: string;
}

export interface Action {
  inputs: Record<string, { default?: string }>;
  runs: { using: string; steps: Step[] };
}

export interface StepResult {
  id?: string;
  uses?: string;
  with?: Record<string, string>;
  skipped: boolean;
  status?: number;
  stdout: string;
  stderr: string;
}

export interface ActionRun {
  steps: StepResult[];
  outputs: Record<string, Record<string, string>>;
  summary: string;
  failed: boolean;
}

const exec = promisify(execFile);

export function readAction(file: string): Action {
  return parse(readFileSync(file, 'utf8')) as Action;
}

interface Context {
  inputs: Record<string, string>;
  github: Record<string, string>;
  runner: Record<string, string>;
  steps: Record<string, { outcome: string; outputs: Record<string, string> }>;
  failed: boolean;
}

function lookup(expr: string, ctx: Context): string {
  const [scope, ...rest] = expr.trim().split('.');
  if (scope === 'inputs') return ctx.inputs[rest.join('.')] ?? '';
  if (scope === 'github') return ctx.github[rest.join('.')] ?? '';
  if (scope === 'runner') return ctx.runner[rest.join('.')] ?? '';
  if (scope === 'steps') {
    const step = ctx.steps[rest[0]!];
    if (rest[1] === 'outcome') return step?.outcome ?? '';
    if (rest[1] === 'outputs') return step?.outputs[rest[2]!] ?? '';
  }
  throw new Error(`unsupported expression: ${expr}`);
}

/** `${{ a.b }}` in a string. */
function substitute(text: string, ctx: Context): string {
  return text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => lookup(expr, ctx));
}

/** The `if:` subset action.yml uses: always(), success(), ==, != against quoted strings, &&. */
function condition(expr: string | undefined, ctx: Context): boolean {
  if (expr === undefined) return !ctx.failed;
  const inner = expr.trim().replace(/^\$\{\{\s*/, '').replace(/\s*\}\}$/, '');
  const terms = inner.split('&&').map((t) => t.trim());
  let always = false;
  const ok = terms.every((term) => {
    if (term === 'always()') return (always = true);
    if (term === 'success()') return !ctx.failed;
    const m = /^(\S+)\s*(==|!=)\s*'([^']*)'$/.exec(term);
    if (!m) throw new Error(`unsupported condition: ${term}`);
    const value = lookup(m[1]!, ctx);
    return m[2] === '==' ? value === m[3] : value !== m[3];
  });
  return ok && (always || !ctx.failed);
}

/** Runs the action's steps with `inputs` (defaults applied) in `workspace`. */
export interface RunOptions {
  actionPath: string;
  workspace: string;
  inputs: Record<string, string>;
  env: NodeJS.ProcessEnv;
  /** Step ids taken as succeeded without running (the install, when the checkout is already built). */
  assume?: string[];
}

export async function runAction(action: Action, options: RunOptions): Promise<ActionRun> {
  const temp = mkdtempSync(path.join(tmpdir(), 'kubelint-runner-'));
  const summaryFile = path.join(temp, 'summary.md');
  writeFileSync(summaryFile, '');
  const inputs = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, options.inputs[k] ?? v.default ?? '']));
  const ctx: Context = { inputs, github: { action_path: options.actionPath, workspace: options.workspace }, runner: { temp }, steps: {}, failed: false };
  const results: StepResult[] = [];
  for (const [i, step] of action.runs.steps.entries()) {
    if (!condition(step.if, ctx)) {
      results.push({ id: step.id, uses: step.uses, skipped: true, stdout: '', stderr: '' });
      if (step.id) ctx.steps[step.id] = { outcome: 'skipped', outputs: {} };
      continue;
    }
    if (step.id && options.assume?.includes(step.id)) {
      ctx.steps[step.id] = { outcome: 'success', outputs: {} };
      results.push({ id: step.id, skipped: false, status: 0, stdout: '', stderr: '' });
      continue;
    }
    if (step.uses) {
      const withs = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, substitute(String(v), ctx)]));
      results.push({ id: step.id, uses: step.uses, with: withs, skipped: false, stdout: '', stderr: '' });
      continue;
    }
    const outputFile = path.join(temp, `output-${i}`);
    writeFileSync(outputFile, '');
    const env = {
      ...options.env,
      ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, substitute(String(v), ctx)])),
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_WORKSPACE: options.workspace,
      GITHUB_ACTION_PATH: options.actionPath,
      RUNNER_TEMP: temp,
    };
    const cwd = path.resolve(options.workspace, substitute(step['working-directory'] ?? '.', ctx));
    let status = 0;
    let stdout = '';
    let stderr = '';
    try {
      // The runner's bash: `bash --noprofile --norc -eo pipefail {0}`.
      ({ stdout, stderr } = await exec('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run!], { cwd, env, maxBuffer: 64 << 20 }));
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      status = typeof failed.code === 'number' ? failed.code : -1;
      stdout = failed.stdout ?? '';
      stderr = failed.stderr ?? '';
    }
    const outputs = Object.fromEntries(
      readFileSync(outputFile, 'utf8').split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    if (step.id) ctx.steps[step.id] = { outcome: status === 0 ? 'success' : 'failure', outputs };
    if (status !== 0) ctx.failed = true;
    results.push({ id: step.id, skipped: false, status, stdout, stderr });
  }
  const outputs = Object.fromEntries(Object.entries(ctx.steps).map(([id, s]) => [id, s.outputs]));
  return { steps: results, outputs, summary: readFileSync(summaryFile, 'utf8'), failed: ctx.failed };
}
