// `kubelint serve` before it serves: its usage errors point to its own help, and a plain install
// (without the optional @kubernetes/client-node) gets an install hint, not a stack trace.
import { describe, expect, it } from 'vitest';
import { SetupError } from '../../src/cli/io.js';
import { importKubeClient } from '../../src/cli/serve-command.js';
import { runCli } from '../helpers/cli.js';

describe('serve without the optional Kubernetes client', () => {
  it('says what to install, instead of a stack trace', async () => {
    const missing = Object.assign(new Error("Cannot find package '@kubernetes/client-node' imported from /x/kube.js"), { code: 'ERR_MODULE_NOT_FOUND' });
    await expect(importKubeClient(() => Promise.reject(missing))).rejects.toThrow(
      new SetupError('kubelint serve needs @kubernetes/client-node, an optional dependency that is not installed; install it next to kubelint: npm install @kubernetes/client-node@~1.4.0'),
    );
    // Anything else missing is a bug, not a setup problem.
    const other = Object.assign(new Error("Cannot find module '/x/webhook.js'"), { code: 'ERR_MODULE_NOT_FOUND' });
    await expect(importKubeClient(() => Promise.reject(other))).rejects.toBe(other);
  });
});

describe('serve usage errors', () => {
  it('point to kubelint serve --help', async () => {
    const run = await runCli(['serve', '--mode', 'strict']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('kubelint: --mode must be one of enforce, warn, audit, got "strict"\nRun "kubelint serve --help" for usage.\n');
    const noCert = await runCli(['serve', '--no-config']);
    expect(noCert.code).toBe(2);
    expect(noCert.stderr).toContain('serve needs --tls-cert and --tls-key');
    expect(noCert.stderr).toContain('Run "kubelint serve --help" for usage.');
    // lint's own usage errors keep pointing to kubelint --help.
    expect((await runCli(['--bogus'])).stderr).toContain('Run "kubelint --help" for usage.');
  }, 60_000);
});
