// Display form of a JSON path: spec.containers[0].image, metadata.annotations["kubelint.io/ignore"].
import type { JsonPath } from '../types.js';

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

export function formatPath(path: JsonPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}
