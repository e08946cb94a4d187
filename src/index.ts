// kubelint's programmatic API.
export { lint, lintWithConfig, type LintOptions } from './lint.js';
export { resolveConfig, ConfigError, type ConfigFile, type ResolveOptions } from './config/load.js';
export type { ResolvedConfig, Exemption, HelmRender, RuleSetting } from './config/types.js';
export { getLinter } from './engine/linter-factory.js';
export type { Check, RuleInfo, CheckContext, CallScope } from './engine/check.js';
export { createLinter, type Linter, type LintCall } from './engine/engine.js';
export { exitCodeFor } from './cli/exit-code.js';
export { formatters } from './report/index.js';
export { parseManifestText } from './load/yaml.js';
export { identifyResources } from './load/resources.js';
export * from './types.js';
