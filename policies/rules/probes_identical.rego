# METADATA
# title: "Liveness and readiness probes differ"
# description: "When the liveness probe checks exactly what the readiness probe checks (same exec command, HTTP request, TCP or gRPC port), a dependency outage that should only take pods out of the Service restarts them all instead."
# custom:
#   id: probes-identical
#   severity: warning
#   kinds: [workloads]
#   presets: [all]
#   scope: resource
#   remediation: "Point the liveness probe at a check of the process itself (e.g. /healthz) and the readiness probe at a check of what serving needs (e.g. /readyz)."
package kubelint.rules.probes_identical

import data.kubelint.lib

handlers := {"exec", "httpGet", "tcpSocket", "grpc"}

violation contains v if {
	some c in lib.containers
	live := handler(c.container.livenessProbe)
	count(live) > 0
	live == handler(c.container.readinessProbe)
	v := {
		"index": c.workload.index,
		"msg": concat("", [lib.describe(c), " has the same liveness and readiness check, so an outage that should take it out of the Service restarts it; make the liveness probe check the process only"]),
		"path": array.concat(c.path, ["livenessProbe"]),
	}
}

handler(probe) := object.filter(probe, handlers)
