// One fresh process: load a bundle and ajv-compile one kind at run time (no precompiled code).
// Prints {kind, loadMs, compileMs, cpu...} as JSON. Needs `npm run build`.
const [kind = 'apps/v1 Deployment', version = '1.36', mode = 'strict'] = process.argv.slice(2);
const cpu0 = process.cpuUsage();
const cpuMs = () => { const u = process.cpuUsage(cpu0); return (u.user + u.system) / 1000; };
const t0 = performance.now();
const { createKubernetesAjv, kindRef } = await import('../../dist/schemas/ajv-setup.js');
const { loadBundle } = await import('../../dist/schemas/store.js');
const { deriveStrict } = await import('../../dist/schemas/variants.js');
const tImport = performance.now(); const cImport = cpuMs();
const bundle = loadBundle(version);
const ajv = createKubernetesAjv(mode === 'strict' ? deriveStrict(bundle.definitions) : bundle.definitions);
const tLoad = performance.now(); const cLoad = cpuMs();
const definition = bundle.kinds[kind];
if (!definition) throw new Error(`no ${kind} in ${version}`);
ajv.compile(kindRef(definition));
const tCompile = performance.now(); const cCompile = cpuMs();
console.log(JSON.stringify({ kind, importMs: tImport - t0, loadMs: tLoad - tImport, compileMs: tCompile - tLoad, cpuImportMs: cImport, cpuLoadMs: cLoad - cImport, cpuCompileMs: cCompile - cLoad }));
