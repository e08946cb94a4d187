// `kubelint [lint]`: lint, write every requested output, return the exit code.
import { closeSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { resolveConfig } from '../config/load.js';
import { trustedByEnv } from '../config/trust.js';
import { BaselineError } from '../baseline/baseline.js';
import { countFindings } from '../engine/engine.js';
import { formatPieces } from '../report/index.js';
import { gathered } from '../report/pieces.js';
import type { Report } from '../types.js';
import { VERSION } from '../version.js';
import { EXIT_ERROR, exitCodeFor } from './exit-code.js';
import { formatContext } from './format-context.js';
import type { CliIO } from './io.js';
import { UsageError } from './io.js';
import { LINT_HELP, parseLintArgs, type Output } from './lint-args.js';
import { runLint, type RunResult } from './lint-run.js';
import { applyPolicyArgs } from './policy-args.js';
import { makeDirs } from '../shared/make-dirs.js';

function useColor(io: CliIO, forced: boolean | undefined): boolean {
  if (forced !== undefined) return forced;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR) return true;
  return io.stdout.isTTY === true;
}

/** Formats that show source lines (code frames) and so need the files read. */
const SHOWS_SOURCE = new Set(['stylish']);

/** `--quiet`: errors only, and the counts are of what is shown. */
function onlyErrors(report: Report): Report {
  const findings = report.findings.filter((f) => f.severity === 'error' || f.fatal);
  return { ...report, findings, counts: countFindings(findings) };
}

function writeFile(target: string, pieces: Iterable<string>): void {
  const fd = openSync(target, 'w');
  try {
    for (const text of gathered(pieces)) {
      const bytes = Buffer.from(text);
      for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done);
    }
  } finally {
    closeSync(fd);
  }
}

export async function lintCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseLintArgs(argv);
  if (args.help) {
    io.stdout.write(LINT_HELP);
    return 0;
  }
  const config = applyPolicyArgs(await resolveConfig({ cwd: io.cwd, configFile: args.configFile, overrides: args.overrides, trustConfig: args.trustConfig || trustedByEnv(io.env) }), args.policy, io.cwd);
  const outputs: Output[] = args.outputs.length > 0 ? args.outputs : config.format.map((format, i) => ({ format, file: config.outputFile[i] }));
  for (const output of outputs) {
    if (!formatPieces[output.format]) throw new UsageError(`unknown format "${output.format}" (known: ${Object.keys(formatPieces).join(', ')})`);
  }
  let stdinText: string | undefined;
  const readStdin = async () => {
    const read = await io.readStdin();
    stdinText = typeof read === 'string' ? read : 'text' in read ? read.text : undefined;
    return read;
  };
  let run: RunResult;
  try {
    run = await runLint(config, { ...args, readStdin, outputFiles: outputs.flatMap((o) => (o.file ? [o.file] : [])) }, io);
  } catch (error) {
    if (!(error instanceof BaselineError)) throw error;
    io.stderr.write(`kubelint: ${error.message}\n`);
    return EXIT_ERROR;
  }
  const { report, rules } = run;
  const shown = args.quiet ? onlyErrors(report) : report;
  const withSources = outputs.some((o) => SHOWS_SOURCE.has(o.format));
  const ctx = formatContext(shown, { cwd: io.cwd, rules, version: VERSION, docsUrl: config.docsUrl, defaultNamespace: config.defaultNamespace, ...(withSources ? { sources: { stdin: stdinText } } : {}) });
  for (const output of outputs) {
    if (output.file) {
      const target = path.resolve(io.cwd, output.file);
      makeDirs(path.dirname(target));
      writeFile(target, formatPieces[output.format]!(shown, ctx));
    } else {
      // Written as it is made: a report of 50,000 findings held whole was ~70 MiB at the run's peak.
      for (const text of gathered(formatPieces[output.format]!(shown, { ...ctx, color: useColor(io, args.color) }))) io.stdout.write(text);
    }
  }
  return exitCodeFor(report, config);
}
