// The environment helm and kustomize run in during a lint: never a Helm plugin (a kustomization's
// `helmGlobals.configHome` can point Helm's data folder, plugins included, into the repository,
// and a downloader plugin runs when a chart is pulled), and, unless remote builds are allowed, no
// network: every proxy variable names a dead proxy (Go tools then fail at once instead of
// connecting; loopback addresses bypass proxies in Go, which is why builds are checked before
// they run, see kustomization-file.ts and chart-schema.ts) and git may use no transport at all.
const NO_PLUGINS = {
  HELM_NO_PLUGINS: '1',
  // A path that can never be a folder: no plugin.yaml can be found below it.
  HELM_PLUGINS: '/dev/null',
};

const DEAD_PROXY = 'http://0.0.0.0:0';
const NO_NETWORK = {
  HTTP_PROXY: DEAD_PROXY,
  HTTPS_PROXY: DEAD_PROXY,
  ALL_PROXY: DEAD_PROXY,
  http_proxy: DEAD_PROXY,
  https_proxy: DEAD_PROXY,
  all_proxy: DEAD_PROXY,
  NO_PROXY: '',
  no_proxy: '',
  // Set and empty: git allows no protocol (kustomize clones remote bases with git).
  GIT_ALLOW_PROTOCOL: '',
  GIT_TERMINAL_PROMPT: '0',
};

export function renderEnv(allowNetwork: boolean, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...base, ...NO_PLUGINS, ...(allowNetwork ? {} : NO_NETWORK) };
}
