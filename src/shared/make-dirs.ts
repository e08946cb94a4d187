// mkdirSync(dir, { recursive: true }) without its endless loop: Node 20's recursive mkdir retries
// forever where a parent answers ENOENT although it exists (a path under /proc), which hung every
// run whose cache folder was set there. Each missing folder is made on its own; a failure throws.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';

export function makeDirs(dir: string, mode?: number): void {
  const missing: string[] = [];
  for (let current = path.resolve(dir); !existsSync(current); current = path.dirname(current)) {
    missing.push(current);
    if (path.dirname(current) === current) break;
  }
  for (const folder of missing.reverse()) {
    try {
      mkdirSync(folder, mode === undefined ? undefined : { mode });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error; // a parallel run made it
    }
  }
}
