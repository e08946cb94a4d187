// A Service spec as ValidateService checks it: port names (DNS-1123 labels, required when there
// are several, unique), string targetPorts (IANA_SVC_NAME) and selector labels.
import { isDNS1123Label, isValidPortName } from './names.js';
import { checkLabels } from './metadata.js';
import { each, isRecord, list, type Problem } from './problem.js';

/** Adds the problems of a Service's spec to `out`. */
export function checkServiceSpec(out: Problem[], spec: Record<string, unknown>): void {
  const ports = list(spec.ports);
  const seen = new Set<string>();
  for (let i = 0; i < ports.length; i++) {
    const port = ports[i];
    if (!isRecord(port)) continue;
    const name = typeof port.name === 'string' ? port.name : '';
    if (name === '' && ports.length > 1) {
      out.push({ path: ['spec', 'ports', i], message: `spec.ports[${i}].name is refused by the API server: Required value (a Service with several ports must name each)` });
    } else if (name !== '') {
      each(out, () => ['spec', 'ports', i, 'name'], 'Service port name', name, isDNS1123Label(name));
      if (seen.has(name)) out.push({ path: ['spec', 'ports', i, 'name'], message: `Service port name ${JSON.stringify(name)} is refused by the API server: Duplicate value` });
      seen.add(name);
    }
    if (typeof port.targetPort === 'string') {
      const problems = isValidPortName(port.targetPort);
      if (problems.length > 0) each(out, () => ['spec', 'ports', i, 'targetPort'], 'targetPort', port.targetPort, problems.map((m) => `a string targetPort must be a port name (IANA_SVC_NAME): ${m}`));
    }
  }
  checkLabels(out, spec.selector, ['spec', 'selector'], 'spec.selector');
}
