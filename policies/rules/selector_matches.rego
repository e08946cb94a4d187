# METADATA
# title: "Workload selectors match their pod template"
# description: "A Deployment, ReplicaSet, StatefulSet or DaemonSet (or a Job with manualSelector) must have a non-empty spec.selector that matches its own pod template labels; otherwise the API server rejects it or the controller adopts the wrong pods."
# custom:
#   id: selector-matches
#   severity: error
#   kinds: [templated-workloads]
#   scope: resource
#   remediation: "Make spec.selector match spec.template.metadata.labels (matchLabels and matchExpressions)."
package kubelint.rules.selector_matches

import data.kubelint.lib

selector_kinds := {"Deployment", "ReplicaSet", "StatefulSet", "DaemonSet"}

checked(w) if selector_kinds[w.kind]

checked(w) if {
	w.kind == "Job"
	w.object.spec.manualSelector == true
}

violation contains v if {
	some w in lib.workloads
	checked(w)
	not w.object.spec.selector
	v := {
		"index": w.index,
		"msg": concat("", [lib.describe_workload(w), " has no spec.selector; add one matching spec.template.metadata.labels"]),
		"path": ["spec"],
	}
}

violation contains v if {
	some w in lib.workloads
	checked(w)
	selector := w.object.spec.selector
	lib.empty_selector(selector)
	v := {
		"index": w.index,
		"msg": concat("", [lib.describe_workload(w), " has an empty spec.selector, which would select every pod; select its own pod template labels"]),
		"path": ["spec", "selector"],
	}
}

violation contains v if {
	some w in lib.workloads
	checked(w)
	selector := w.object.spec.selector
	not lib.empty_selector(selector)
	not lib.selector_matches(selector, w.labels)
	v := {
		"index": w.index,
		"msg": concat("", [lib.describe_workload(w), " spec.selector does not match its pod template labels (spec.template.metadata.labels); make them agree"]),
		"path": ["spec", "selector"],
	}
}
