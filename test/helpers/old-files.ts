// Files older than any a test run writes, for tests of bounded cache folders (cache/prune.ts).
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Writes `count` files old0000<ext>, old0001<ext>... into `folder`, each a second older than the one before, an hour back. */
export function writeOldFiles(folder: string, count: number, ext: string, body = '0'): void {
  mkdirSync(folder, { recursive: true });
  const old = Date.now() / 1000 - 3600;
  for (let i = 0; i < count; i++) {
    const file = path.join(folder, `old${String(i).padStart(4, '0')}${ext}`);
    writeFileSync(file, body);
    utimesSync(file, old - i, old - i);
  }
}
