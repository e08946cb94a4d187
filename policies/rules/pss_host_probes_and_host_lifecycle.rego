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

violation contains v if {
	some c in lib.containers
	some handler in handlers
	some kind in ["httpGet", "tcpSocket"]
	field := array.concat(handler, [kind, "host"])
	host := object.get(c.container, field, "")
	not host in {"", null}
	some ctx in lib.pss_contexts(c.workload, "hostProbesAndHostLifecycle")
	detail := concat("", [lib.pss_subject(c), " uses probe or lifecycle host ", lib.quote(host), " (", concat(".", field), ")"])
	fields := lib.pss_fields(c, array.concat(c.path, field), [host])
	v := lib.pss_violation(c.workload, ctx, "hostProbesAndHostLifecycle", "probe or lifecycle host", detail, fields)
}
