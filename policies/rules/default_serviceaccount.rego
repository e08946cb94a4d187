# METADATA
# title: "Pods run as their own ServiceAccount"
# description: "A pod without serviceAccountName runs as the namespace's default ServiceAccount, which every other such pod shares, so any permission granted to one is granted to all. Pods that set automountServiceAccountToken: false pass (they present no identity)."
# custom:
#   id: default-serviceaccount
#   severity: warning
#   kinds: [workloads]
#   presets: [all]
#   scope: resource
#   remediation: "Create a ServiceAccount for the workload and set serviceAccountName, or set automountServiceAccountToken: false when it does not call the API."
package kubelint.rules.default_serviceaccount

import data.kubelint.lib

violation contains v if {
	some w in lib.workloads
	account(w.spec) == "default"
	object.get(w.spec, "automountServiceAccountToken", true) != false
	v := {
		"index": w.index,
		"msg": concat("", [lib.describe_workload(w), " runs as the namespace's default ServiceAccount; set serviceAccountName to its own, or automountServiceAccountToken: false"]),
		"path": array.concat(w.spec_path, ["serviceAccountName"]),
	}
}

account(spec) := name if {
	name := object.get(spec, "serviceAccountName", object.get(spec, "serviceAccount", ""))
	name != ""
} else := "default"
