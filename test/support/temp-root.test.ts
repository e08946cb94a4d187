import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';

it('test workers make their temporary folders under the run folder that globalSetup removes', () => {
  expect(path.basename(os.tmpdir())).toMatch(/^kubelint-test-run-/);
});
