// A CommonJS package's exports from import(). Node names them (and adds `default`), but the split
// ESM bundle (scripts/bundle.mjs: the `serve` command and runs without a usable cache folder) gets
// a chunk whose only export is `default`, the package's module.exports: `{ extract } = await
// import('tar-stream')` there was undefined, and a config file or a policy bundle crashed the run.

/** The package's exports: `mod` when it names them, else its default export. */
export function commonJs<T extends object>(mod: T): T {
  const keys = Object.keys(mod);
  return keys.length === 1 && keys[0] === 'default' ? (mod as unknown as { default: T }).default : mod;
}
