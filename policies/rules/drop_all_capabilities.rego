# METADATA
# title: "Containers drop all capabilities"
# description: "Every container must drop all Linux capabilities (securityContext.capabilities.drop contains ALL) and add back only what it needs."
# custom:
#   id: drop-all-capabilities
#   severity: error
#   kinds: [workloads]
#   scope: resource
#   podSecurityControls: [capabilities_restricted]
#   remediation: "Add securityContext.capabilities.drop: [ALL] to the container."
package kubelint.rules.drop_all_capabilities

import data.kubelint.lib

violation contains v if {
	some c in lib.containers
	not lib.windows_pod(c.workload) # Linux-only field: the API server refuses it on Windows pods
	not drops_all(c.sc)
	v := {
		"index": c.workload.index,
		"msg": concat("", [lib.describe(c), " does not drop all capabilities; add securityContext.capabilities.drop: [\"ALL\"]"]),
		"path": array.concat(c.path, ["securityContext", "capabilities", "drop"]),
	}
}

drops_all(sc) if upper(sc.capabilities.drop[_]) == "ALL"
