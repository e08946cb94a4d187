// The process edges the CLI touches, passed in so commands are testable without a real process.
import { fstatSync } from 'node:fs';
import { readManifestStream, type ReadResult } from '../load/read.js';
import { guardOutput } from './output-errors.js';
export interface CliIO {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  /** Standard input, read with the same cap and checks as files (a string from tests is checked by the loader). */
  readStdin(): Promise<string | ReadResult>;
  env: Record<string, string | undefined>;
  cwd: string;
}

let guarded = false;

export function processIO(): CliIO {
  if (!guarded) {
    guarded = true;
    guardOutput(process.stdout, process.stderr, (code) => { process.exitCode = code; });
  }
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    readStdin: () => (stdinIsDirectory() ? Promise.resolve({ error: 'is a directory, not YAML or JSON (name the directory instead of `-`)' }) : readManifestStream(process.stdin, 'standard input')),
    env: process.env,
    cwd: process.cwd(),
  };
}

/** Node reads a directory given as standard input (`kubelint - < dir`) as an empty stream: a clean run of nothing. */
function stdinIsDirectory(): boolean {
  try {
    return fstatSync(0).isDirectory();
  } catch {
    return false; // closed or not statable: reading says what it finds
  }
}

/** A usage error: printed with a pointer to the help of the command that failed, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
  constructor(
    message: string,
    /** The command whose --help explains the usage. */
    readonly help = 'kubelint --help',
  ) {
    super(message);
  }
}

/** Something kubelint needs is not installed (an optional dependency): printed as is, exit code 2. */
export class SetupError extends Error {
  override name = 'SetupError';
}
