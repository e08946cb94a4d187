# METADATA
# title: Containers have a liveness probe
# custom:
#   id: bench-liveness
#   severity: error
package bench.liveness

import data.kubelint.lib

violation contains {"index": c.workload.index, "msg": concat("", [lib.describe(c), " has no livenessProbe"]), "path": c.path} if {
	some c in lib.containers
	lib.long_running(c.workload)
	c.group == "containers"
	not c.container.livenessProbe
}
