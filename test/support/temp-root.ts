// Vitest globalSetup: the run's temporary folders live under one folder, removed when the run ends.
// Many tests make folders with mkdtemp(os.tmpdir()) and leave them; run after run they piled up
// (19,000 in /tmp here), and every walk that lists /tmp — the config search's — paid for them.
// os.tmpdir() reads TMPDIR, and the test workers start after this with the changed environment.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const root = mkdtempSync(path.join(os.tmpdir(), 'kubelint-test-run-'));
  process.env.TMPDIR = root;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(root, { recursive: true, force: true });
  };
}
