// Tests assert results, never durations; the timeout only catches hangs. 5 s (vitest's default)
// was hit by CLI and server tests on a loaded 2-core machine, so hangs are caught at 60 s instead.
import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { testTimeout: 60_000, hookTimeout: 60_000, globalSetup: ['test/support/temp-root.ts'] } });
