// The compiled form of users' policies: an opa bundle (.tar.gz) holding policy.wasm and data.json,
// where data.json also carries kubelint's plan (which rules and namespaces the wasm serves) under
// a reserved key. The compile cache stores exactly this file, and `kubelint policy build` writes it.
import { readFileSync } from 'node:fs';
import type { PolicyPlan } from './plan.js';
import { PolicyError } from './opa.js';
import { commonJs } from '../shared/commonjs.js';

/** The reserved data key; removed before the data reaches the policies. */
export const PLAN_KEY = 'kubelint_user_bundle';
/** Bumped when the plan's shape changes: an older bundle must be rebuilt, not misread. */
export const BUNDLE_FORMAT = 1;

export interface CompiledPolicies {
  wasm: Uint8Array;
  plan: PolicyPlan;
  data: Record<string, unknown>;
  /** The opa version that built it. */
  opaVersion: string;
}

export interface PlanDocument {
  format: number;
  opaVersion: string;
  plan: PolicyPlan;
}

/** Every regular file of a .tar.gz, by name without a leading slash. */
export async function readTarGz(bytes: Uint8Array): Promise<Map<string, Buffer>> {
  // Loaded here: only users' policy bundles need them, and loading them cost every run ~5 ms.
  const [{ gunzipSync }, tarStream] = await Promise.all([import('node:zlib'), import('tar-stream')]);
  const { extract } = commonJs(tarStream);
  const files = new Map<string, Buffer>();
  const tar = extract();
  const done = (async () => {
    for await (const entry of tar) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      if (entry.header.type === 'file') files.set(entry.header.name.replace(/^\/+/, ''), Buffer.concat(chunks));
    }
  })();
  tar.end(gunzipSync(bytes));
  await done;
  return files;
}

/** A bundle's policy.wasm, data and plan; undefined when it is a plain opa bundle (sources, no plan). */
export function compiledFrom(files: ReadonlyMap<string, Buffer>, label: string): CompiledPolicies | undefined {
  const wasm = files.get('policy.wasm');
  const dataText = files.get('data.json');
  const data = dataText ? (JSON.parse(dataText.toString('utf8')) as Record<string, unknown>) : {};
  const doc = data[PLAN_KEY] as PlanDocument | undefined;
  if (!wasm || !doc) return undefined;
  if (doc.format !== BUNDLE_FORMAT) throw new PolicyError(`${label}: built by another kubelint (bundle format ${doc.format}, this one reads ${BUNDLE_FORMAT}); rebuild it with \`kubelint policy build\``);
  const { [PLAN_KEY]: _plan, ...rest } = data;
  return { wasm, plan: doc.plan, data: rest, opaVersion: doc.opaVersion };
}

export async function readBundleFile(file: string): Promise<{ files: Map<string, Buffer>; compiled?: CompiledPolicies }> {
  let files: Map<string, Buffer>;
  try {
    files = await readTarGz(readFileSync(file));
  } catch (error) {
    throw new PolicyError(`--policy ${file}: not a readable .tar.gz bundle (${(error as Error).message})`);
  }
  return { files, compiled: compiledFrom(files, file) };
}
