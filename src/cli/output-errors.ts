// Write failures on stdout/stderr arrive as 'error' events, which Node turns into a stack trace
// and exit 1. A closed pipe (`kubelint | head`) is how Unix readers say "enough": stop writing
// and keep the run's own exit code. Anything else (ENOSPC on `> /dev/full`, EIO) means the
// report was lost: say so in one line on stderr and exit 2.
import { EXIT_ERROR } from './exit-code.js';

type Stream = NodeJS.WritableStream & { on(event: 'error', listener: (err: NodeJS.ErrnoException) => void): unknown };

export function guardOutput(stdout: Stream, stderr: Stream, setExitCode: (code: number) => void): void {
  let failed = false;
  const onError = (which: string) => (err: NodeJS.ErrnoException): void => {
    if (failed) return; // the destroyed stream reports every later write too
    failed = true;
    if (err.code === 'EPIPE') return;
    if (which === 'stdout') stderr.write(`kubelint: cannot write the report to stdout: ${err.code ?? ''} ${err.message}\n`.replace(/  +/g, ' '));
    setExitCode(EXIT_ERROR);
  };
  stdout.on('error', onError('stdout'));
  stderr.on('error', onError('stderr'));
}
