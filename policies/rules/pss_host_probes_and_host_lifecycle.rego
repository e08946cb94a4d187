# METADATA
# title: "Pod Security: probes and lifecycle hooks target the pod"
# description: "PodSecurity baseline control hostProbesAndHostLifecycle (from v1.34): httpGet.host and tcpSocket.host of probes and lifecycle handlers must be unset or empty."
# custom:
#   id: pss-host-probes-and-host-lifecycle
#   severity: error
#   kinds: [workloads]
#   scope: batch
#   reads: [Namespace]
#   presets: [recommended, pss-baseline, pss-restricted]
#   podSecurity: {control: hostProbesAndHostLifecycle, level: baseline}
#   remediation: "Remove the host field: probes and hooks then target the pod's own IP."
package kubelint.rules.pss_host_probes_and_host_lifecycle

import data.kubelint.lib

# [field path inside the container, handler kind] of every probe and lifecycle handler with a host.
handlers := [
	["livenessProbe"], ["readinessProbe"], ["startupProbe"],
	["lifecycle", "postStart"], ["lifecycle", "preStop"],
]

# Each handler is looked up once, and a field path is built only for a host that is set (most
# containers have probes, none with a host).
violation contains v if {
	some c in lib.containers
	some handler in handlers
	found := object.get(c.container, handler, null)
	some kind in ["httpGet", "tcpSocket"]
	host := found[kind].host
	not host in {"", null}
	field := array.concat(handler, [kind, "host"])
	some ctx in lib.pss_contexts(c.workload, "hostProbesAndHostLifecycle")
	detail := concat("", [lib.pss_subject(c), " uses probe or lifecycle host ", lib.quote(host), " (", concat(".", field), ")"])
	fields := lib.pss_fields(c, array.concat(c.path, field), [host])
	v := lib.pss_violation(c.workload, ctx, "hostProbesAndHostLifecycle", "probe or lifecycle host", detail, fields)
}
