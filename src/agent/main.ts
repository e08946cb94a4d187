// Entry point of the Solar Sync agent: environment → config → agent; signals → graceful stop.
// Exit codes: 0 clean shutdown, 1 runtime failure, 2 invalid configuration.
import { startAgent } from './agent.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './log.js';

async function main(): Promise<number> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    createLogger('error').error('invalid configuration', { problems: err.problems });
    process.stderr.write(`solar-sync: ${err.message}\n`);
    return 2;
  }
  const logger = createLogger(config.logLevel);
  let agent;
  try {
    agent = await startAgent(config, { logger });
  } catch (err) {
    logger.error('cannot start', { error: err });
    return 1;
  }
  const running = agent;
  return new Promise<number>((resolve) => {
    let signalled = false;
    const onSignal = (signal: NodeJS.Signals): void => {
      if (signalled) {
        logger.warn('second signal; exiting now', { signal });
        resolve(1);
        return;
      }
      signalled = true;
      logger.info('signal received', { signal });
      running.stop().then(() => resolve(0), (err: unknown) => {
        logger.error('shutdown failed', { error: err });
        resolve(1);
      });
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'error', msg: 'fatal', error: String(err) })}\n`);
    process.exit(1);
  },
);
