// A Service spec as ValidateService checks it: port names (DNS-1123 labels, required when there
// are several, unique), string targetPorts (IANA_SVC_NAME) and selector labels.
import { isDNS1123Label, isValidPortName } from './names.js';
import { checkLabels } from './metadata.js';
import { each, isRecord, list, type Problem } from './problem.js';

export function checkServiceSpec(spec: Record<string, unknown>): Problem[] {
  const out: Problem[] = [];
  const ports = list(spec.ports);
  const seen = new Set<string>();
  ports.forEach((port, i) => {
    if (!isRecord(port)) return;
    const name = typeof port.name === 'string' ? port.name : '';
    if (name === '' && ports.length > 1) {
      out.push({ path: ['spec', 'ports', i], message: `spec.ports[${i}].name is refused by the API server: Required value (a Service with several ports must name each)` });
    } else if (name !== '') {
      out.push(...each(['spec', 'ports', i, 'name'], 'Service port name', name, isDNS1123Label(name)));
      if (seen.has(name)) out.push({ path: ['spec', 'ports', i, 'name'], message: `Service port name ${JSON.stringify(name)} is refused by the API server: Duplicate value` });
      seen.add(name);
    }
    if (typeof port.targetPort === 'string') {
      out.push(...each(['spec', 'ports', i, 'targetPort'], 'targetPort', port.targetPort, isValidPortName(port.targetPort).map((m) => `a string targetPort must be a port name (IANA_SVC_NAME): ${m}`)));
    }
  });
  out.push(...checkLabels(spec.selector, ['spec', 'selector'], 'spec.selector'));
  return out;
}
