// `policy-error` (declared with the engine's built-in rules): a user policy failed while running.
// Fatal (exit 2) like lost input, placed on the policy's own file, never hiding other results.
import path from 'node:path';
import type { Violation } from '../types.js';

/**
 * `what` failed with `message`; opa's message usually starts with `file:line:col:` of the failing
 * expression, which then becomes the finding's position. Paths are shown relative to `cwd`.
 */
export function policyErrorViolation(what: string, file: string, line: number, message: string, cwd: string): Violation {
  const at = /^(.+?):(\d+):(\d+): (.*)$/s.exec(message);
  const rel = (p: string) => path.relative(cwd, p) || p;
  if (at && path.resolve(at[1]!) === path.resolve(file)) {
    return { ruleId: 'policy-error', message: `${what} failed: ${at[4]}`, file: rel(file), line: Number(at[2]), column: Number(at[3]) };
  }
  return { ruleId: 'policy-error', message: `${what} failed: ${message.split(path.dirname(file) + path.sep).join(rel(path.dirname(file)) + path.sep)}`, file: rel(file), line, column: 1 };
}
