# Labels controllers add to the pods they create, which a pod template does not show: a per-pod
# Service selecting statefulset.kubernetes.io/pod-name: web-0 selects the StatefulSet's pod.
# Cross-resource matching (lib.selected_workloads) adds them where a selector asks for them.
package kubelint.lib

# Keys each kind's controller sets on its pods ("*": any value the controller may choose).
controller_keys := {
	"StatefulSet": {"statefulset.kubernetes.io/pod-name", "apps.kubernetes.io/pod-index", "controller-revision-hash"},
	"DaemonSet": {"controller-revision-hash", "pod-template-generation"},
	"Deployment": {"pod-template-hash"},
	"Job": {"job-name", "batch.kubernetes.io/job-name", "controller-uid", "batch.kubernetes.io/controller-uid", "batch.kubernetes.io/job-completion-index"},
	"CronJob": {"job-name", "batch.kubernetes.io/job-name", "controller-uid", "batch.kubernetes.io/controller-uid", "batch.kubernetes.io/job-completion-index"},
}

all_controller_keys := {k | some keys in controller_keys; some k in keys}

# Whether w's controller can give its pods label k with value v.
controller_allows(w, "statefulset.kubernetes.io/pod-name", v) if {
	w.kind == "StatefulSet"
	startswith(v, concat("", [w.name, "-"]))
	is_ordinal(substring(v, count(w.name) + 1, -1))
}

controller_allows(w, "apps.kubernetes.io/pod-index", v) if {
	w.kind == "StatefulSet"
	is_ordinal(v)
}

controller_allows(w, k, _) if {
	k in {"controller-revision-hash", "pod-template-hash", "pod-template-generation", "controller-uid", "batch.kubernetes.io/controller-uid"}
	controller_keys[w.kind][k]
	generated_selector(w)
}

# A Job's pods carry its name; a CronJob's Jobs are named <cronjob>-<scheduled time>.
controller_allows(w, k, v) if {
	k in {"job-name", "batch.kubernetes.io/job-name"}
	w.kind == "Job"
	generated_selector(w)
	v == w.name
}

controller_allows(w, k, v) if {
	k in {"job-name", "batch.kubernetes.io/job-name"}
	w.kind == "CronJob"
	startswith(v, concat("", [w.name, "-"]))
}

controller_allows(w, "batch.kubernetes.io/job-completion-index", v) if {
	job_spec(w).completionMode == "Indexed"
	is_ordinal(v)
}

# Jobs with manualSelector: true get no generated labels.
generated_selector(w) if not w.kind == "Job"

generated_selector(w) if {
	w.kind == "Job"
	not w.object.spec.manualSelector == true
}

job_spec(w) := w.object.spec if w.kind == "Job"

job_spec(w) := w.object.spec.jobTemplate.spec if w.kind == "CronJob"

is_ordinal(s) if regex.match(`^(0|[1-9][0-9]*)$`, s)

# The pod labels a selector is judged against: the template's, plus the controller labels the
# selector asks about (a value the controller can produce, else a placeholder so that Exists holds
# and DoesNotExist fails: the controller does set the key).
pod_labels_for(selector, w) := pod_labels_asked(selector, w, asked_controller_keys(selector))

# The controller keys a selector names: usually none, and then the template's labels are all there
# is (no copy of them per workload; selected_workloads computes this once per selector).
asked_controller_keys(selector) := {k | some k in selector_keys(selector); all_controller_keys[k]}

pod_labels_asked(_, w, asked) := w.labels if {
	count(asked) == 0
	is_object(w.labels) # as object.union below: labels that are not a map match nothing
}

pod_labels_asked(selector, w, asked) := object.union(w.labels, {k: v |
	some k in asked
	controller_keys[w.kind][k]
	not has_key(w.labels, k)
	v := controller_value(selector, w, k)
}) if count(asked) > 0

selector_keys(selector) := {k | some k, _ in object.get(selector, "matchLabels", {})} | {expr.key |
	some expr in object.get(selector, "matchExpressions", [])
}

controller_value(selector, w, k) := v if {
	v := selector.matchLabels[k]
	controller_allows(w, k, v)
} else := v if {
	values := [x |
		some expr in object.get(selector, "matchExpressions", [])
		expr.key == k
		expr.operator == "In"
		some x in expr.values
		controller_allows(w, k, x)
	]
	v := values[0]
} else := "kubelint.io/controller-set"
