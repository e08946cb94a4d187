// The opa binary for users' own policies: found like helm and kustomize (config, KUBELINT_OPA,
// the package's .tools/bin, PATH), run without a shell, its version part of the compile cache key.
import { findTool, runTool, type ToolCommand } from '../load/tools.js';

export class PolicyError extends Error {
  override name = 'PolicyError';
}

export interface Opa {
  command: ToolCommand;
  version: string;
  run(args: string[], cwd?: string): Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/** One line: what is missing and the two ways out. */
export function missingOpaMessage(detail: string): string {
  return `user policies need opa to compile (${detail}): install opa (bash scripts/setup-tools.sh, or https://www.openpolicyagent.org/docs/latest/#running-opa), or build a bundle elsewhere with \`kubelint policy build -o bundle.tar.gz\` and pass that bundle instead`;
}

const found = new Map<string, Promise<Opa>>();

/** Finds opa and reads its version; throws PolicyError with missingOpaMessage when absent. */
export function findOpa(configured?: string, root?: string, env: NodeJS.ProcessEnv = process.env): Promise<Opa> {
  const key = JSON.stringify([configured, root, env.KUBELINT_OPA, env.PATH]);
  let opa = found.get(key);
  if (!opa) {
    opa = locate(configured, root, env);
    opa.catch(() => found.delete(key));
    found.set(key, opa);
  }
  return opa;
}

async function locate(configured: string | undefined, root: string | undefined, env: NodeJS.ProcessEnv): Promise<Opa> {
  const lookup = findTool('opa', { configured, root, env });
  if ('error' in lookup) throw new PolicyError(missingOpaMessage(lookup.error.replace(/;.*$/, '')));
  const command = lookup.command;
  const run = async (args: string[], cwd?: string) => {
    const result = await runTool(command, args, cwd);
    if (result.failure) throw new PolicyError(`opa ${args[0]}: ${result.failure}`);
    return result;
  };
  const version = await run(['version']);
  const match = /^Version:\s*(\S+)/m.exec(version.stdout);
  if (version.code !== 0 || !match) throw new PolicyError(missingOpaMessage(`${command.binary} does not answer \`opa version\``));
  return { command, version: match[1]!, run };
}
