// The module structure, checked on the source: no import circles (type imports count too: a
// circle of types is still two modules that cannot be read apart), and formatters that are pure
// functions of their arguments (no file system, no process, no CLI).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../src/config/paths.js';

const SRC = packagePath('src');
/** Known circle owned by issue #14 (the input plan replaces it); delete the entry when it is gone. */
const KNOWN_CIRCLES = new Set(['load/helm.ts load/kustomize.ts load/rendered-stdin.ts load/renderers.ts']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sourceFiles(file);
    return name.endsWith('.ts') ? [file] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?\sfrom\s+'([^']+)'|\bimport\(\s*'([^']+)'\s*\)/g;

/** Every module specifier a file imports (relative ones resolved to .ts files under src/). */
function importsOf(file: string): { local: string[]; external: string[] } {
  const local: string[] = [];
  const external: string[] = [];
  for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
    const spec = (m[1] ?? m[2])!;
    if (spec.startsWith('.')) local.push(path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts')));
    else external.push(spec);
  }
  return { local, external };
}

const files = sourceFiles(SRC).filter((f) => !f.startsWith(path.join(SRC, 'agent') + path.sep)); // the reference agent is a program of its own
const graph = new Map(files.map((f) => [f, importsOf(f).local.filter((d) => files.includes(d))]));
const rel = (f: string) => path.relative(SRC, f).split(path.sep).join('/');

/** Strongly connected components with more than one module (Tarjan). */
function circles(): string[] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const out: string[] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    for (const w of graph.get(v)!) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do group.push((w = stack.pop()!));
      while (w !== v);
      if (group.length > 1) out.push(group.map(rel).sort().join(' '));
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out.sort();
}

describe('module structure', () => {
  it('finds the imports (the scan works)', () => {
    expect(graph.get(path.join(SRC, 'lint.ts'))).toContain(path.join(SRC, 'engine', 'linter-factory.ts'));
  });

  it('has no import circles', () => {
    expect(circles().filter((c) => !KNOWN_CIRCLES.has(c))).toEqual([]);
  });

  it('keeps formatters pure: src/report imports no Node I/O module and nothing from the CLI, loading or baselines', () => {
    const report = files.filter((f) => rel(f).startsWith('report/'));
    expect(report.length).toBeGreaterThan(5);
    for (const file of report) {
      const { local, external } = importsOf(file);
      expect(external.filter((m) => /^(node:)?(fs|fs\/promises|child_process|os|net|http|https|worker_threads|process)$/.test(m)), rel(file)).toEqual([]);
      expect(local.map(rel).filter((m) => /^(cli|load|baseline|cache|config)\/|^shared\/repo-path/.test(m)), rel(file)).toEqual([]);
      // docs/links.ts reads the installed pages; only its constants may be used here.
      expect(readFileSync(file, 'utf8'), rel(file)).not.toMatch(/\b(ruleDocUri|ruleDocLink|docExamples)\b/);
    }
  });
});
