// A pod spec as ValidatePodSpec checks it: container names (DNS-1123 labels, unique across init,
// regular and ephemeral containers), port names (IANA_SVC_NAME, unique per container), volume
// names (DNS-1123 labels, unique), volume mounts that name a volume, and string ports of
// lifecycle handlers. Probe ports are the probe-port rule's. Paths are built only for a problem.
import type { JsonPath } from '../../types.js';
import { isDNS1123Label, isValidPortName } from './names.js';
import { each, isRecord, list, type Problem } from './problem.js';

const GROUPS = ['initContainers', 'containers', 'ephemeralContainers'] as const;
const HANDLERS = ['postStart', 'preStop'] as const;
const ACTIONS = ['httpGet', 'tcpSocket'] as const;

function duplicate(path: JsonPath, field: string, value: string, where: string): Problem {
  return { path, message: `${field} ${JSON.stringify(value)} is refused by the API server: Duplicate value (${where})` };
}

function checkPorts(out: Problem[], ports: unknown, path: () => JsonPath, container: string): void {
  const items = list(ports);
  if (items.length === 0) return;
  const seen = new Set<string>();
  for (let i = 0; i < items.length; i++) {
    const port = items[i];
    if (!isRecord(port) || typeof port.name !== 'string' || port.name === '') continue;
    const at = () => [...path(), i, 'name'];
    const problems = isValidPortName(port.name);
    if (problems.length > 0) each(out, at, `port name of container "${container}"`, port.name, problems);
    else if (seen.has(port.name)) out.push(duplicate(at(), `port name of container "${container}"`, port.name, 'port names must be unique within a container'));
    seen.add(port.name);
  }
}

function checkHandlerPorts(out: Problem[], container: Record<string, unknown>, path: () => JsonPath, name: string): void {
  const lifecycle = container.lifecycle;
  if (!isRecord(lifecycle)) return;
  for (const hook of HANDLERS) {
    const handler = lifecycle[hook];
    if (!isRecord(handler)) continue;
    for (const action of ACTIONS) {
      const port = isRecord(handler[action]) ? handler[action].port : undefined;
      if (typeof port === 'string') {
        each(out, () => [...path(), 'lifecycle', hook, action, 'port'], () => `lifecycle.${hook}.${action}.port of container "${name}"`, port, isValidPortName(port));
      }
    }
  }
}

/** Adds the volumes' problems to `out`; returns the names a volume mount may use (with a StatefulSet's claim templates added by the caller). */
function checkVolumes(out: Problem[], spec: Record<string, unknown>, specPath: JsonPath): Set<string> {
  const names = new Set<string>();
  const volumes = list(spec.volumes);
  for (let i = 0; i < volumes.length; i++) {
    const volume = volumes[i];
    if (!isRecord(volume) || typeof volume.name !== 'string') continue;
    if (volume.name === '') continue; // the schema requires it
    const at = () => [...specPath, 'volumes', i, 'name'];
    each(out, at, 'volume name', volume.name, isDNS1123Label(volume.name));
    if (names.has(volume.name)) out.push(duplicate(at(), 'volume name', volume.name, 'volume names must be unique within a pod'));
    names.add(volume.name);
  }
  return names;
}

export function checkPodSpec(out: Problem[], spec: Record<string, unknown>, specPath: JsonPath, claimTemplates: readonly string[] = []): void {
  const volumes = checkVolumes(out, spec, specPath);
  for (const claim of claimTemplates) volumes.add(claim);
  const containerNames = new Set<string>();
  for (const group of GROUPS) {
    const containers = list(spec[group]);
    for (let i = 0; i < containers.length; i++) {
      const container = containers[i];
      if (!isRecord(container)) continue;
      const path = () => [...specPath, group, i];
      const name = typeof container.name === 'string' ? container.name : '';
      if (name !== '') {
        each(out, () => [...path(), 'name'], 'container name', name, isDNS1123Label(name));
        if (containerNames.has(name)) out.push(duplicate([...path(), 'name'], 'container name', name, 'container names must be unique across init, regular and ephemeral containers of a pod'));
        containerNames.add(name);
      }
      checkPorts(out, container.ports, () => [...path(), 'ports'], name);
      checkHandlerPorts(out, container, path, name);
      const mounts = list(container.volumeMounts);
      for (let m = 0; m < mounts.length; m++) {
        const mount = mounts[m];
        if (!isRecord(mount) || typeof mount.name !== 'string' || mount.name === '' || volumes.has(mount.name)) continue;
        out.push({
          path: [...path(), 'volumeMounts', m, 'name'],
          message: `volumeMount ${JSON.stringify(mount.name)} of container "${name}" is refused by the API server: Not found (no volume of the pod has this name); add the volume or fix the name`,
        });
      }
    }
  }
}
