# METADATA
# title: "Workload selectors match their pod template"
# description: "A Deployment, ReplicaSet, StatefulSet or DaemonSet (or a Job with manualSelector) must have a non-empty spec.selector that matches its own pod template labels, and a ReplicationController's selector (a label map, defaulted from the template when absent) must too; otherwise the API server rejects it or the controller adopts the wrong pods. Labels controllers add to pods (pod-template-hash, controller-revision-hash, job-name, ...) do not count: the API server compares the selector with the template as written."
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

# A ReplicationController's selector is a plain label map, defaulted from the template when absent.
violation contains v if {
	some w in lib.workloads
	w.kind == "ReplicationController"
	selector := w.object.spec.selector
	count(selector) > 0
	not lib.selector_matches({"matchLabels": selector}, w.labels)
	v := {
		"index": w.index,
		"msg": concat("", [lib.describe_workload(w), " spec.selector does not match its pod template labels (spec.template.metadata.labels); make them agree or drop the selector (it defaults to the template labels)"]),
		"path": ["spec", "selector"],
	}
}
