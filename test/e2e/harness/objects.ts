// Test objects made from the Solar Sync manifests (the project's compliant application), moved
// to a test's namespace and changed where a scenario needs it.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { UNDER_TEST } from './webhook.js';

export const PLAIN = path.join(UNDER_TEST, 'manifests/solar-sync/plain');

/** The namespaced Solar Sync objects of these kinds, in the file order of plain/, in namespace `ns`. */
export function solarSync(ns: string, kinds: string[]): Array<Record<string, any>> {
  const docs = readdirSync(PLAIN)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => parse(readFileSync(path.join(PLAIN, f), 'utf8')) as Record<string, any>);
  return docs.filter((d) => kinds.includes(d.kind)).map((d) => ({ ...d, metadata: { ...d.metadata, namespace: ns } }));
}

export function deployment(ns: string, change: (d: Record<string, any>) => void = () => {}): Record<string, any> {
  const [d] = solarSync(ns, ['Deployment']);
  change(d!);
  return d!;
}

export function yaml(...objects: Array<Record<string, any>>): string {
  return objects.map((o) => stringify(o)).join('---\n');
}
