// Which build of kubelint is running, for the caches of what its code computed (--changed's
// namespace index and parsed files, compiled validators, the --cache report). The package version
// alone stays the same across the builds between two releases (a git checkout, a pre-commit hook
// pinned to a commit), so an entry an earlier build made of a file was served to a later build
// that reads the file otherwise. The CLI bundle's SHA-256 names the build: boot.ts hashes it for
// the code cache anyway; other runs hash it here, once, when a cache asks.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { packagePath } from '../config/paths.js';
import { VERSION } from '../version.js';
import { RUNNING_BUNDLE_HASH } from './code-cache.js';

type Holder = Record<symbol, string | undefined>;

/** `<version>+<bundle SHA-256>`, or the version alone without a bundle (tsc-only builds, tests from src). */
export function buildIdentity(): string {
  const holder = globalThis as Holder;
  if (holder[RUNNING_BUNDLE_HASH] === undefined) {
    try {
      holder[RUNNING_BUNDLE_HASH] = createHash('sha256').update(readFileSync(packagePath('dist', 'bundle', 'kubelint.cjs'))).digest('hex');
    } catch {
      holder[RUNNING_BUNDLE_HASH] = '';
    }
  }
  const hash = holder[RUNNING_BUNDLE_HASH];
  return hash ? `${VERSION}+${hash}` : VERSION;
}
