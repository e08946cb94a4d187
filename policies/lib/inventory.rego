# Namespaces, the batch inventory grouped by namespace and by pod label, and HPA-aware replica
# counts. Cross-resource rules look things up here instead of scanning the batch per resource.
package kubelint.lib

# A resource's namespace; resources that name none get the input's default namespace.
namespace(obj) := ns if {
	ns := obj.metadata.namespace
	is_string(ns)
	ns != ""
} else := object.get(input, "defaultNamespace", "default")

# Whether the batch can hold objects of a kind: the webhook's inventory watches only some kinds
# (input.knownKinds); the CLI's batch can hold any.
known_kind(_) if not input.knownKinds

known_kind(kind) if kind in input.knownKinds

# Workload indexes by namespace. Sets built in one pass over the workloads (multi-value rules: the
# evaluation builds each index once); sorting [key, index] pairs and slicing the runs cost more.
workloads_by_ns[w.namespace] contains i if some i, w in workloads

# Workload indexes by [namespace, pod label key, pod label value].
workloads_by_label[[w.namespace, key, value]] contains i if {
	some i, w in workloads
	some key, value in w.labels
}

# Workload indexes by [namespace, pod label key].
workloads_by_label_key[[w.namespace, key]] contains i if {
	some i, w in workloads
	some key, _ in w.labels
}

workloads_in_namespace(ns) := object.get(workloads_by_ns, ns, [])

workloads_labelled(ns, key, value) := found if {
	found := workloads_by_label[[ns, key, value]]
} else := []

# Workloads that may match a LabelSelector, narrowed through the label indexes by the first
# matchLabels entry, else the first In expression, else the first Exists expression; only a
# selector of NotIn/DoesNotExist alone (or an empty one) falls back to the whole namespace.
# Callers still check the whole selector.
# Controller-added keys (lib.controller_keys) are not in the index: they never narrow.
candidates(ns, selector) := workloads_labelled(ns, key, selector.matchLabels[key]) if {
	keys := {k | some k, _ in object.get(selector, "matchLabels", {}); not all_controller_keys[k]}
	count(keys) > 0
	key := min(keys)
} else := ws if {
	expr := first_expression(selector, "In")
	ws := [i | some value in {v | some v in expr.values}; some i in workloads_labelled(ns, expr.key, value)]
} else := workloads_with_key(ns, expr.key) if {
	expr := first_expression(selector, "Exists")
} else := workloads_in_namespace(ns)

first_expression(selector, operator) := [expr |
	some expr in selector.matchExpressions
	expr.operator == operator
	not all_controller_keys[expr.key]
][0]

workloads_with_key(ns, key) := found if {
	found := workloads_by_label_key[[ns, key]]
} else := []

# Workloads in a namespace whose pod labels a LabelSelector matches.
selected_workloads(ns, selector) := selected_asked(ns, selector, asked_controller_keys(selector))

selected_asked(ns, selector, asked) := [w |
	some i in candidates(ns, selector)
	w := workloads[i]
	selector_matches(selector, pod_labels_asked(selector, w, asked))
]

# Whether a LabelSelector matches some workload of the namespace: count(selected_workloads) > 0
# without building the list (the evaluation stops at the first match).
selects_any(ns, selector) if {
	asked := asked_controller_keys(selector)
	some i in candidates(ns, selector)
	selector_matches(selector, pod_labels_asked(selector, workloads[i], asked))
}

# Indexes of the workloads some Service (with a selector) selects.
service_selected contains w.index if {
	some i in service_indexes
	svc := objects[i]
	count(object.get(svc.spec, "selector", {})) > 0
	some w in selected_workloads(namespace(svc), {"matchLabels": svc.spec.selector})
}

service_indexes contains i if {
	some i, obj in objects
	obj.kind == "Service"
}

# Indexes of the workloads some PodDisruptionBudget selects.
pdb_covered contains w.index if {
	some i in pdb_indexes
	pdb := objects[i]
	some w in selected_workloads(namespace(pdb), pdb.spec.selector)
}

pdb_indexes contains i if {
	some i, obj in objects
	obj.kind == "PodDisruptionBudget"
}

# HPA targets: {[namespace, kind, name]: minReplicas}. When several HPAs target one workload
# (a misconfiguration) the first in batch order wins.
hpa_min_replicas[key] := object.get(objects[min(indexes)].spec, "minReplicas", 1) if {
	some key, indexes in hpas_by_target
}

hpas_by_target[[namespace(hpa), ref.kind, ref.name]] contains i if {
	some i, hpa in objects
	hpa.kind == "HorizontalPodAutoscaler"
	ref := hpa.spec.scaleTargetRef
}

hpa_targets(w) if _ = hpa_min_replicas[[w.namespace, w.kind, w.name]]

# Replicas a workload runs with: an HPA's minReplicas when one targets it, else spec.replicas (default 1).
effective_replicas(w) := hpa_min_replicas[[w.namespace, w.kind, w.name]]

effective_replicas(w) := object.get(w.object, replicas_path(w.object), 1) if not hpa_targets(w)

# Where a workload's replica count sits (spec.replicas, or a custom kind's replicasPath).
replicas_path(obj) := path if {
	path := custom_kind(obj).replicasPath
} else := ["spec", "replicas"]
