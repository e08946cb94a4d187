# METADATA
# title: "Long-running containers have a liveness probe"
# description: "Containers of long-running workloads (not Jobs, CronJobs, run-to-completion Pods or init containers; native sidecars included) need a liveness probe so a hung process is restarted."
# custom:
#   id: liveness-probe
#   severity: error
#   kinds: [long-running-workloads]
#   scope: resource
#   remediation: "Add a livenessProbe (httpGet, tcpSocket, grpc or exec) to the container."
package kubelint.rules.liveness_probe

import data.kubelint.lib

violation contains v if {
	some c in lib.containers
	lib.long_running(c.workload)
	lib.runs_for_pod_lifetime(c)
	not c.container.livenessProbe
	v := {
		"index": c.workload.index,
		"msg": concat("", [lib.describe(c), " has no livenessProbe; add one so a hung process is restarted"]),
		"path": array.concat(c.path, ["livenessProbe"]),
	}
}
