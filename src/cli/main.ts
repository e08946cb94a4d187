// argv → exit code. The only place that knows about subcommands; nothing here exits the process.
import { ConfigError } from '../config/load.js';
import { PolicyError } from '../policy/opa.js';
import { VERSION } from '../version.js';
import { EXIT_ERROR } from './exit-code.js';
import { SetupError, UsageError, type CliIO } from './io.js';

type Command = (argv: string[], io: CliIO) => Promise<number>;

// Loaded on demand: a pre-commit run should not pay for the webhook's Kubernetes client.
const commands: Record<string, () => Promise<Command>> = {
  lint: async () => (await import('./lint-command.js')).lintCommand,
  rules: async () => (await import('./rules-command.js')).rulesCommand,
  init: async () => (await import('./init-command.js')).initCommand,
  serve: async () => (await import('./serve-command.js')).serveCommand,
  policy: async () => (await import('./policy-command.js')).policyCommand,
};

export async function execute(argv: string[], io: CliIO): Promise<number> {
  const [first, ...rest] = argv;
  try {
    if (first === '--version' || first === '-v') {
      io.stdout.write(`kubelint ${VERSION}\n`);
      return 0;
    }
    const named = first !== undefined && Object.hasOwn(commands, first);
    const command = await commands[named ? first! : 'lint']!();
    return await command(named ? rest : argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`kubelint: ${error.message}\nRun "${error.help}" for usage.\n`);
      return EXIT_ERROR;
    }
    if (error instanceof SetupError) {
      io.stderr.write(`kubelint: ${error.message}\n`);
      return EXIT_ERROR;
    }
    if (error instanceof PolicyError) {
      io.stderr.write(`kubelint: ${error.message}\n`);
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
