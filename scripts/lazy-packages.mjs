// Two esbuild plugins for scripts/bundle.mjs: packages that bundled files require at load but use
// only inside functions are set up on first use instead of at every start.
//
// lazyPackages (functions forwarded):
// Why: the OPA wasm SDK (bundled into kubelint.cjs) requires `yaml` (v1, its own copy) and
// `sprintf-js` at load for its yaml.* and sprintf builtins, and kubelint withdraws both builtins
// (src/policy/host-builtins.ts keeps only json.is_valid): every lint ran their module set-up, and
// the code cache carried it, for nothing.
//
// How: a `require("<name>")` from a file under `importerDir` resolves to a small module of ours
// whose listed members are functions that require the real package on their first call. Only
// members in the list can be reached; the build fails when an importer uses another one (a new
// SDK version), so nothing is ever silently undefined.
//
// deferredPackages (members read late): for ES modules of ours importing a CommonJS package, whose
// bundled form reads each member when it is used (`import_yaml.parse`): every member of the real
// module is a getter that sets the package up on first read (and a module that is a function is
// stood in for by one that calls it). Nothing to list; a member read at load just sets the package
// up at load, as before.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import path from 'node:path';

const NAMESPACE = 'kubelint-lazy-package';

/** Every `.js`/`.cjs` file below `dir`. */
function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.c?js$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath ?? entry.path, entry.name));
}

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The source with comments and string literals blanked (same length): what is left is code. */
function codeOnly(source) {
  return source.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g, (m) => ' '.repeat(m.length));
}

/**
 * The members of package `name` a file uses: `require("name").x`, and `v.x` for each
 * `const v = require("name")`; `*` when the module object is used any other way (passed on,
 * spread, destructured), which the lazy module cannot stand in for.
 */
export function membersUsed(source, name) {
  const code = codeOnly(source);
  const used = new Set();
  const sites = [...source.matchAll(new RegExp(`require\\(\\s*["']${escape(name)}["']\\s*\\)`, 'g'))];
  for (const site of sites) {
    const end = site.index + site[0].length;
    const member = /^\s*\.\s*([A-Za-z_$][\w$]*)/.exec(code.slice(end));
    if (member) {
      used.add(member[1]);
      continue;
    }
    const declared = /(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*$/.exec(code.slice(0, site.index));
    if (!declared || !/^\s*(?:;|\n)/.test(code.slice(end))) {
      used.add('*');
      continue;
    }
    const variable = declared[1];
    const at = site.index - declared[0].length + declared[0].indexOf(variable, declared[0].search(/\s/));
    for (const use of code.matchAll(new RegExp(`(?<![\\w$.])${escape(variable)}(?![\\w$])(\\s*\\.\\s*([A-Za-z_$][\\w$]*))?`, 'g'))) {
      if (use.index !== at) used.add(use[2] ?? '*');
    }
  }
  return used;
}

/** Throws when a file under `importerDir` uses a member of a lazy package that is not listed. */
export function checkMembers(importerDir, packages) {
  for (const file of sourceFiles(importerDir)) {
    const source = readFileSync(file, 'utf8');
    for (const [name, members] of Object.entries(packages)) {
      for (const member of membersUsed(source, name)) {
        if (!members.includes(member)) {
          throw new Error(`lazy-packages: ${file} uses ${member === '*' ? 'the module object' : `member ${member}`} of ${name}, which is loaded lazily with only ${members.join(', ')}: add it to the list or stop loading ${name} lazily`);
        }
      }
    }
  }
}

/** The module a lazy package resolves to: each member forwards to the real package, required on first call. */
export function lazyModule(name, realPath, members) {
  const forwards = members.map((m) => `  ${JSON.stringify(m)}: (...args) => load()[${JSON.stringify(m)}](...args),`);
  return [
    `// ${name}: required on first call (scripts/lazy-packages.mjs)`,
    'let real;',
    `const load = () => (real ??= require(${JSON.stringify(realPath)}));`,
    'module.exports = {',
    ...forwards,
    '};',
  ].join('\n');
}

/**
 * The plugin: `packages` maps a package name to the members (functions) its importers below
 * `importerDir` call. Checks the importers when the build starts.
 */
export function lazyPackages(importerDir, packages) {
  return {
    name: 'lazy-packages',
    setup(build) {
      build.onStart(() => checkMembers(importerDir, packages));
      const names = Object.keys(packages);
      const filter = new RegExp(`^(?:${names.map(escape).join('|')})$`);
      // Paths relative to the build's folder, as esbuild names its own modules: the bundle holds no
      // path of the machine that built it.
      const root = build.initialOptions.absWorkingDir ?? process.cwd();
      build.onResolve({ filter }, (args) => {
        if (args.namespace === NAMESPACE || !args.importer.startsWith(importerDir + path.sep)) return undefined;
        // The package the importer itself would get (the SDK has its own yaml v1 below it).
        const real = path.relative(root, createRequire(args.importer).resolve(args.path)).split(path.sep).join('/');
        return { path: real, namespace: NAMESPACE, pluginData: { name: args.path, members: packages[args.path] } };
      });
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => ({
        contents: lazyModule(args.pluginData.name, `./${args.path}`, args.pluginData.members),
        loader: 'js',
        resolveDir: root,
      }));
    },
  };
}

/**
 * The module a deferred package resolves to: every property the real module has (read from it at
 * build time) is a getter that sets the real module up on first read. For packages whose importers
 * read members only inside functions (`parse(...)`, `new LineCounter()`), each read then gives the
 * real member, as `__toESM` gives it to them.
 */
export function deferredModule(name, realPath, real) {
  // A module that is a function (picomatch) is stood in for by one that calls the real one; the
  // properties every function has are its own.
  const callable = typeof real === 'function';
  const getters = Object.getOwnPropertyNames(real)
    .filter((key) => !callable || !FUNCTION_OWN.has(key))
    .map((key) => {
      const { enumerable } = Object.getOwnPropertyDescriptor(real, key);
      return `  ${JSON.stringify(key)}: { enumerable: ${enumerable}, get: () => load()[${JSON.stringify(key)}] },`;
    });
  return [
    `// ${name}: set up when a member is first read (scripts/lazy-packages.mjs)`,
    'let real;',
    `const load = () => (real ??= require(${JSON.stringify(realPath)}));`,
    ...(callable ? ['module.exports = function (...args) { return new.target ? Reflect.construct(load(), args, new.target) : load().apply(this, args); };'] : []),
    'Object.defineProperties(module.exports, {',
    ...getters,
    '});',
  ].join('\n');
}

/** What a function has of its own whatever it is. */
const FUNCTION_OWN = new Set(['length', 'name', 'prototype', 'arguments', 'caller']);

/** The plugin for deferred packages and Node built-ins: `names` imported by files below `importerDir` (any member). */
export function deferredPackages(importerDir, names) {
  return {
    name: 'deferred-packages',
    setup(build) {
      const filter = new RegExp(`^(?:${names.map(escape).join('|')})$`);
      const root = build.initialOptions.absWorkingDir ?? process.cwd();
      build.onResolve({ filter }, (args) => {
        if (args.namespace === DEFERRED || !args.importer.startsWith(importerDir + path.sep)) return undefined;
        // A Node built-in (node:worker_threads) stays a require() of its name; a package is bundled.
        const builtin = isBuiltin(args.path);
        const resolved = builtin ? args.path : createRequire(args.importer).resolve(args.path);
        const real = builtin ? args.path : `./${path.relative(root, resolved).split(path.sep).join('/')}`;
        return { path: real, namespace: DEFERRED, pluginData: { name: args.path, resolved } };
      });
      build.onLoad({ filter: /.*/, namespace: DEFERRED }, (args) => ({
        contents: deferredModule(args.pluginData.name, args.path, createRequire(import.meta.url)(args.pluginData.resolved)),
        loader: 'js',
        resolveDir: root,
      }));
    },
  };
}

const DEFERRED = 'kubelint-deferred-package';
