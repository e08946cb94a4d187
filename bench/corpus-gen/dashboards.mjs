#!/usr/bin/env node
// Dashboards shipped as ConfigMaps (issue #22, round 14): monitoring stacks keep each Grafana
// dashboard's JSON, pretty-printed, in a ConfigMap's block scalar, and proxies keep nginx configs
// there, so brackets open and close across the lines of block scalar bodies. Seeded, our own shape.
//
//   node bench/corpus-gen/dashboards.mjs [--sizes 1000]
//
// Writes bench/corpus/shapes-extra/dashboards/<size>/ (git-ignored): 50 ConfigMaps per file, each
// with one dashboard of 4-8 panels and, for every fifth, an nginx.conf. `ab.mjs --corpus
// bench/corpus/shapes-extra --shapes dashboards` and `peers.mjs`-style runs take it as a shape.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRandom } from './random.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const sizesArg = process.argv.indexOf('--sizes');
const sizes = (sizesArg === -1 ? '1000' : process.argv[sizesArg + 1]).split(',').map(Number);

function dashboard(rng, n) {
  const panels = Array.from({ length: rng.int(4, 8) }, (_, id) => ({
    id,
    type: rng.pick(['timeseries', 'stat', 'table']),
    title: `panel ${id}`,
    targets: [{ expr: `sum(rate(http_requests_total{service="svc-${n}",code=~"5.."}[5m]))`, refId: 'A' }],
    gridPos: { h: 8, w: 12, x: (id % 2) * 12, y: Math.floor(id / 2) * 8 },
  }));
  return JSON.stringify({ title: `svc-${n}`, uid: `svc-${n}`, tags: ['generated'], panels }, null, 2);
}

const nginx = (n) => `server {\n  listen 8080;\n  location /svc-${n}/ {\n    proxy_pass http://svc-${n}:80;\n  }\n}`;
const indent = (text) => text.split('\n').map((line) => `    ${line}`).join('\n');

for (const size of sizes) {
  const rng = createRandom(1400 + size);
  const dir = join(ROOT, 'bench/corpus/shapes-extra/dashboards', String(size));
  mkdirSync(dir, { recursive: true });
  for (let file = 0; file * 50 < size; file++) {
    const documents = [];
    for (let n = file * 50; n < Math.min(size, (file + 1) * 50); n++) {
      const data = [`  svc-${n}.json: |\n${indent(dashboard(rng, n))}`];
      if (n % 5 === 0) data.push(`  nginx.conf: |-\n${indent(nginx(n))}`);
      documents.push(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dashboard-${n}\n  namespace: monitoring\n  labels:\n    grafana_dashboard: "1"\ndata:\n${data.join('\n')}\n`);
    }
    writeFileSync(join(dir, `dashboards-${String(file).padStart(3, '0')}.yaml`), documents.join('---\n'));
  }
  console.log(`dashboards ${size}: ${dir}`);
}
