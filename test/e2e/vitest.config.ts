// The end-to-end project: kubelint serve behind a real kube-apiserver + etcd, driven by kubectl.
// Separate from `npm test` (whose default include matches *.test.ts only): `npm run test:e2e`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/e2e/**/*.e2e.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    // One control plane per file, files one after the other: they share the machine's cores.
    fileParallelism: false,
    pool: 'forks',
    testTimeout: 180_000,
    hookTimeout: 300_000,
  },
});
