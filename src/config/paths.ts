// Where kubelint's own files live (schemas, compiled policies, tools), independent of the cwd.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: two levels above this file in both src/ (tests) and dist/ (built). */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function packagePath(...parts: string[]): string {
  return path.join(PACKAGE_ROOT, ...parts);
}
