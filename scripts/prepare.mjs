#!/usr/bin/env node
// npm's `prepare` (git installs, `npm pack`, `npm install` in a checkout): build kubelint.
// npm runs it in a temporary clone after installing the clone's dependencies, except when the
// install is global (`npm install -g git+…`, which pre-commit does): then npm 11 installs the
// clone's dependencies into the global prefix instead and the build cannot find them. So when the
// build's own tools are missing here, install them here first, with the global settings removed.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ['npm'];
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_(global|location|prefix)$/i.test(k)));

function run(args, extraEnv = {}) {
  const [file, ...pre] = npm;
  execFileSync(file, [...pre, ...args], { cwd: root, env: { ...env, ...extraEnv }, stdio: 'inherit' });
}

const needed = ['typescript', 'esbuild', '@open-policy-agent/opa-wasm'];
if (!needed.every((name) => existsSync(join(root, 'node_modules', name, 'package.json')))) {
  console.error('prepare: installing the build dependencies in this checkout (npm did not: a global git install)');
  run(['install', '--global=false', '--include=dev', '--ignore-scripts', '--no-save', '--no-audit', '--no-fund']);
}
// An install (the GitHub Action's, a git install for pre-commit) lints from this build on one
// machine, whose first run stores its own code caches: training the ones a package ships
// (scripts/ship-code-caches.mjs, a few seconds) would cost it more than it saves. npm pack and
// npm publish ship them.
const install = ['install', 'ci'].includes(process.env.npm_command ?? '');
run(['run', 'build'], install ? { KUBELINT_SHIP_CODE_CACHES: 'no' } : {});
