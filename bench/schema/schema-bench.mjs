// Schema benchmark (plain node; run `npm run build && npm run schemas:compile` first):
//   node bench/schema/schema-bench.mjs [runs]
// 1. first-compile cost per kind at run time, each in a fresh process (median of runs);
// 2. cold schema-check runs on one Deployment file with the precompiled validators (median);
// 3. steady validations per second, raw validator and through the check.
import { execFileSync } from 'node:child_process';
import os from 'node:os';

const runs = Number(process.argv[2] ?? 7);
const here = new URL('.', import.meta.url).pathname;
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const fmt = (n) => n.toFixed(0).padStart(6);
const node = (args) => JSON.parse(execFileSync(process.execPath, args, { cwd: here + '..', encoding: 'utf8' }).trim().split('\n').pop());

console.log(`node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, ${runs} runs each`);

console.log('\n1. run-time first compile per kind (strict, 1.36), fresh process each, median ms');
console.log('kind                                              load+derive  compile  compile(cpu)');
const kinds = ['apps/v1 Deployment', 'batch/v1 CronJob', 'v1 Pod', 'v1 Service', 'v1 ConfigMap', 'networking.k8s.io/v1 Ingress', 'apiextensions.k8s.io/v1 CustomResourceDefinition'];
for (const kind of kinds) {
  const results = Array.from({ length: runs }, () => node([here + 'schema-compile-one.mjs', kind, '1.36', 'strict']));
  console.log(`${kind.padEnd(50)}${fmt(median(results.map((r) => r.loadMs)))}      ${fmt(median(results.map((r) => r.compileMs)))}   ${fmt(median(results.map((r) => r.cpuCompileMs)))}`);
}

console.log('\n2. cold schema-check run on bench/schema/schema-input/deployment.yaml (fresh process each), median ms');
const cold = [];
for (let i = 0; i < runs; i++) {
  const started = performance.now();
  const r = node([here + 'schema-cold.mjs', 'bench/schema/schema-input/deployment.yaml']);
  cold.push({ ...r, wallMs: performance.now() - started });
}
console.log(`process wall ${fmt(median(cold.map((r) => r.wallMs)))}   in-process ${fmt(median(cold.map((r) => r.inProcessMs)))}   imports ${fmt(median(cold.map((r) => r.importMs)))}   load+parse ${fmt(median(cold.map((r) => r.loadMs)))}   schema check ${fmt(median(cold.map((r) => r.checkMs)))} (cpu ${fmt(median(cold.map((r) => r.cpu.checkMs)))})`);

console.log('\n3. steady state (one process, validators warm)');
const { validatorsFor } = await import('../../dist/engine/schema-validator.js');
const { createSchemaCheck } = await import('../../dist/engine/schema.js');
const { defaultConfig } = await import('../../dist/config/defaults.js');
const deployment = (i) => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `web-${i}`, labels: { app: 'web' } },
  spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 8080, name: 'http' }], resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: 1, memory: '256Mi' } } }] } } },
});
const validate = validatorsFor('1.36', true).forKind('apps/v1 Deployment');
const sample = deployment(0);
let n = 0; let started = performance.now();
while (performance.now() - started < 1000) { for (let i = 0; i < 100; i++) validate(sample); n += 100; }
console.log(`raw Deployment validator: ${fmt(n / ((performance.now() - started) / 1000))} validations/s`);
const config = defaultConfig(process.cwd());
const check = createSchemaCheck(config);
const batch = Array.from({ length: 1000 }, (_, i) => { const object = deployment(i); return { apiVersion: 'apps/v1', kind: 'Deployment', name: object.metadata.name, object, basePath: [] }; });
started = performance.now(); let batches = 0;
while (performance.now() - started < 2000) { check.run(batch, { config }); batches++; }
console.log(`schema check, batches of 1000 Deployments: ${fmt((batches * 1000) / ((performance.now() - started) / 1000))} resources/s`);
