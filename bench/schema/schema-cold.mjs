// One cold kubelint-like run with the schema check: resolve config, load and parse the inputs,
// identify resources, run the schema check, format nothing. Prints phase timings as JSON.
// Needs `npm run build` first. Used by bench/schema/schema-bench.mjs (one fresh process per run).
const t0 = performance.now();
const c0 = process.cpuUsage();
const cpuMs = () => { const u = process.cpuUsage(c0); return (u.user + u.system) / 1000; };
const { resolveConfig } = await import('../../dist/config/load.js');
const { loadInputs } = await import('../../dist/load/index.js');
const { identifyResources } = await import('../../dist/load/resources.js');
const { createLinter } = await import('../../dist/engine/engine.js');
const { createSchemaCheck } = await import('../../dist/engine/schema.js');
const tImport = performance.now();
const cImport = cpuMs();
const config = await resolveConfig({ configFile: false });
const loaded = await loadInputs(process.argv.slice(2), config, {});
const { resources } = identifyResources(loaded.manifests);
const tLoad = performance.now();
const cLoad = cpuMs();
const findings = createLinter([createSchemaCheck(config)]).lint(resources, { config, problems: loaded.problems });
const tCheck = performance.now();
const cCheck = cpuMs();
console.log(JSON.stringify({
  importMs: tImport - t0,
  loadMs: tLoad - tImport,
  checkMs: tCheck - tLoad,
  inProcessMs: tCheck - t0,
  cpu: { importMs: cImport, loadMs: cLoad - cImport, checkMs: cCheck - cLoad },
  findings: findings.length,
}));
