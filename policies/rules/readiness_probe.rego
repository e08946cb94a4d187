# METADATA
# title: "Long-running containers have a readiness probe"
# description: "Containers of long-running workloads (not Jobs, CronJobs, run-to-completion Pods or init containers; native sidecars included) need a readiness probe so traffic reaches only ready pods."
# custom:
#   id: readiness-probe
#   severity: error
#   kinds: [long-running-workloads]
#   scope: resource
#   remediation: "Add a readinessProbe (httpGet, tcpSocket, grpc or exec) to the container."
package kubelint.rules.readiness_probe

import data.kubelint.lib

violation contains v if {
	some c in lib.containers
	lib.long_running(c.workload)
	lib.runs_for_pod_lifetime(c)
	not c.container.readinessProbe
	v := {
		"index": c.workload.index,
		"msg": concat("", [lib.describe(c), " has no readinessProbe; add one so the pod receives traffic only when ready"]),
		"path": array.concat(c.path, ["readinessProbe"]),
	}
}
