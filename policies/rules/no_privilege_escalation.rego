# METADATA
# title: "Containers forbid privilege escalation"
# description: "Every container must set securityContext.allowPrivilegeEscalation: false so setuid binaries cannot gain privileges."
# custom:
#   id: no-privilege-escalation
#   severity: error
#   kinds: [workloads]
#   scope: resource
#   podSecurityControls: [allowPrivilegeEscalation]
#   remediation: "Set securityContext.allowPrivilegeEscalation: false on the container."
package kubelint.rules.no_privilege_escalation

import data.kubelint.lib

violation contains v if {
	some c in lib.containers
	not lib.windows_pod(c.workload) # Linux-only field: the API server refuses it on Windows pods
	not c.sc.allowPrivilegeEscalation == false
	v := {
		"index": c.workload.index,
		"msg": concat("", [lib.describe(c), " does not set securityContext.allowPrivilegeEscalation: false; set it on the container"]),
		"path": array.concat(c.path, ["securityContext", "allowPrivilegeEscalation"]),
	}
}
