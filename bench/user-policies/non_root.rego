# METADATA
# title: Pods run as non-root
# custom:
#   id: bench-non-root
#   severity: error
package bench.non_root

import data.kubelint.lib

violation contains {"index": w.index, "msg": concat("", [lib.describe_workload(w), " does not set runAsNonRoot on the pod"]), "path": array.concat(w.spec_path, ["securityContext", "runAsNonRoot"])} if {
	some w in lib.workloads
	not w.spec.securityContext.runAsNonRoot
}
