// argv → exit code. The only place that knows about subcommands; nothing here exits the process.
import { ConfigError } from '../config/load.js';
import { VERSION } from '../version.js';
import { EXIT_ERROR } from './exit-code.js';
import { UsageError, type CliIO } from './io.js';
import { initCommand } from './init-command.js';
import { lintCommand } from './lint-command.js';
import { rulesCommand } from './rules-command.js';
import { serveCommand } from './serve-command.js';

type Command = (argv: string[], io: CliIO) => Promise<number>;

const commands: Record<string, Command> = {
  lint: lintCommand,
  rules: rulesCommand,
  init: initCommand,
  serve: serveCommand,
};

export async function execute(argv: string[], io: CliIO): Promise<number> {
  const [first, ...rest] = argv;
  try {
    if (first === '--version' || first === '-v') {
      io.stdout.write(`kubelint ${VERSION}\n`);
      return 0;
    }
    const command = first !== undefined ? commands[first] : undefined;
    return command ? await command(rest, io) : await lintCommand(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`kubelint: ${error.message}\nRun "kubelint --help" for usage.\n`);
      return EXIT_ERROR;
    }
    if (error instanceof ConfigError) {
      io.stderr.write(`kubelint: config error: ${error.message}\n`);
      return EXIT_ERROR;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`kubelint: internal error: ${message}\n`);
    if (io.env.KUBELINT_DEBUG) io.stderr.write(`${(error as Error).stack ?? ''}\n`);
    return EXIT_ERROR;
  }
}
