// The CLI's bundle entry (scripts/bundle.mjs → dist/bundle/kubelint.cjs, and kubelint.mjs as the
// fallback): what cli/boot.ts needs, in one module. It runs nothing on import; the bin stays the
// one place that sets the exit code.
export { execute } from './main.js';
export { processIO } from './io.js';
export { runState } from './run-state.js';
