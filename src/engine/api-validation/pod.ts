// A pod spec as ValidatePodSpec checks it: container names (DNS-1123 labels, unique across init,
// regular and ephemeral containers), port names (IANA_SVC_NAME, unique per container), volume
// names (DNS-1123 labels, unique), volume mounts that name a volume, and string ports of
// lifecycle handlers. Probe ports are the probe-port rule's.
import type { JsonPath } from '../../types.js';
import { isDNS1123Label, isValidPortName } from './names.js';
import { each, isRecord, list, type Problem } from './problem.js';

const GROUPS = ['initContainers', 'containers', 'ephemeralContainers'] as const;
const HANDLERS = ['postStart', 'preStop'] as const;

function duplicate(path: JsonPath, field: string, value: string, where: string): Problem {
  return { path, message: `${field} ${JSON.stringify(value)} is refused by the API server: Duplicate value (${where})` };
}

function checkPorts(ports: unknown, path: JsonPath, container: string): Problem[] {
  const out: Problem[] = [];
  const seen = new Set<string>();
  list(ports).forEach((port, i) => {
    if (!isRecord(port) || typeof port.name !== 'string' || port.name === '') return;
    const at = [...path, i, 'name'];
    const problems = isValidPortName(port.name);
    if (problems.length > 0) out.push(...each(at, `port name of container "${container}"`, port.name, problems));
    else if (seen.has(port.name)) out.push(duplicate(at, `port name of container "${container}"`, port.name, 'port names must be unique within a container'));
    seen.add(port.name);
  });
  return out;
}

function checkHandlerPorts(container: Record<string, unknown>, path: JsonPath, name: string): Problem[] {
  const out: Problem[] = [];
  const lifecycle = isRecord(container.lifecycle) ? container.lifecycle : {};
  for (const hook of HANDLERS) {
    const handler = lifecycle[hook];
    if (!isRecord(handler)) continue;
    for (const action of ['httpGet', 'tcpSocket'] as const) {
      const port = isRecord(handler[action]) ? handler[action].port : undefined;
      if (typeof port === 'string') {
        out.push(...each([...path, 'lifecycle', hook, action, 'port'], `lifecycle.${hook}.${action}.port of container "${name}"`, port, isValidPortName(port)));
      }
    }
  }
  return out;
}

/** Names a volume mount may use: the pod's volumes, plus a StatefulSet's volumeClaimTemplates. */
function checkVolumes(spec: Record<string, unknown>, specPath: JsonPath): { problems: Problem[]; names: Set<string> } {
  const problems: Problem[] = [];
  const names = new Set<string>();
  list(spec.volumes).forEach((volume, i) => {
    if (!isRecord(volume) || typeof volume.name !== 'string') return;
    const at = [...specPath, 'volumes', i, 'name'];
    if (volume.name === '') return; // the schema requires it
    problems.push(...each(at, 'volume name', volume.name, isDNS1123Label(volume.name)));
    if (names.has(volume.name)) problems.push(duplicate(at, 'volume name', volume.name, 'volume names must be unique within a pod'));
    names.add(volume.name);
  });
  return { problems, names };
}

export function checkPodSpec(spec: Record<string, unknown>, specPath: JsonPath, claimTemplates: readonly string[] = []): Problem[] {
  const { problems: out, names: volumes } = checkVolumes(spec, specPath);
  for (const claim of claimTemplates) volumes.add(claim);
  const containerNames = new Set<string>();
  for (const group of GROUPS) {
    list(spec[group]).forEach((container, i) => {
      if (!isRecord(container)) return;
      const path = [...specPath, group, i];
      const name = typeof container.name === 'string' ? container.name : '';
      if (name !== '') {
        out.push(...each([...path, 'name'], 'container name', name, isDNS1123Label(name)));
        if (containerNames.has(name)) out.push(duplicate([...path, 'name'], 'container name', name, 'container names must be unique across init, regular and ephemeral containers of a pod'));
        containerNames.add(name);
      }
      out.push(...checkPorts(container.ports, [...path, 'ports'], name));
      out.push(...checkHandlerPorts(container, path, name));
      list(container.volumeMounts).forEach((mount, m) => {
        if (!isRecord(mount) || typeof mount.name !== 'string' || mount.name === '' || volumes.has(mount.name)) return;
        out.push({
          path: [...path, 'volumeMounts', m, 'name'],
          message: `volumeMount ${JSON.stringify(mount.name)} of container "${name}" is refused by the API server: Not found (no volume of the pod has this name); add the volume or fix the name`,
        });
      });
    });
  }
  return out;
}
