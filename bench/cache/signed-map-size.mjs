// What one --changed run pays to open and save a signed cache map (src/cache/signed-map.ts) of N
// entries: the findings cache (ten findings per object) or the namespace index. Over the built
// dist/ (npm run build). Usage: node bench/cache/signed-map-size.mjs [findings|index] [entries]
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSignedMap } from '../../dist/cache/signed-map.js';

const [kind = 'findings', count = '2000'] = process.argv.slice(2);
const entries = Number(count);
const finding = (i) => ({ ruleId: 'resource-limits', message: `container "web" of Deployment "app-${i}" has no resources.limits.cpu; set it at or above the request`, path: ['spec', 'template', 'spec', 'containers', 0, 'resources'] });
const value = kind === 'index' ? ['shop', '\u0000crd'] : Array.from({ length: 10 }, (_, i) => finding(i));
const dir = mkdtempSync(path.join(os.tmpdir(), 'kubelint-map-size-'));
const file = path.join(dir, 'map.json');
const secret = randomBytes(32);
try {
  let map = openSignedMap(file, secret, 1, entries);
  for (let i = 0; i < entries; i++) map.set(createHash('sha256').update(String(i)).digest('hex'), value);
  map.save();
  const cpu = (since) => {
    const c = process.cpuUsage(since);
    return ((c.user + c.system) / 1000).toFixed(0);
  };
  for (let run = 0; run < 3; run++) {
    const start = process.cpuUsage();
    map = openSignedMap(file, secret, 1, entries);
    map.get('absent');
    const opened = cpu(start);
    map.set(`new-${run}`, value); // one object new to the cache, as a pre-commit edit makes
    map.save();
    console.log(`${kind} ${entries} entries, ${(statSync(file).size / 1e6).toFixed(1)} MB: open ${opened} ms CPU, open+save ${cpu(start)} ms CPU`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
