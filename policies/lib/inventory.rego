# Namespaces, the batch inventory grouped by namespace, and HPA-aware replica counts.
# Cross-resource rules look things up here instead of scanning the whole batch per resource.
package kubelint.lib

# A resource's namespace; resources that name none get the input's default namespace.
namespace(obj) := ns if {
	ns := obj.metadata.namespace
	is_string(ns)
	ns != ""
} else := object.get(input, "defaultNamespace", "default")

# Namespaces present in the batch.
namespaces contains namespace(obj) if some obj in objects

# Indexes of resources of each kind, grouped by namespace: {kind: {namespace: [index]}}.
# One pass per (kind, namespace) pair keeps this linear in the batch for a bounded number of namespaces.
indexed_kinds := {"PodDisruptionBudget", "NetworkPolicy", "HorizontalPodAutoscaler", "Service"}

by_kind_ns[kind][ns] := [i |
	some i, obj in objects
	obj.kind == kind
	namespace(obj) == ns
] if {
	some kind in indexed_kinds
	some ns in namespaces
}

# Workload indexes grouped by namespace.
workloads_by_ns[ns] := [i | some i, w in workloads; w.namespace == ns] if some ns in namespaces

# Objects of a kind in a namespace.
in_namespace(kind, ns) := [objects[i] | some i in by_kind_ns[kind][ns]]

# Workloads in a namespace whose pod labels a selector (LabelSelector form) matches.
selected_workloads(ns, selector) := [w |
	some i in object.get(workloads_by_ns, ns, [])
	w := workloads[i]
	selector_matches(selector, w.labels)
]

# HPA targets: {[namespace, kind, name]: minReplicas}; when several HPAs target one
# workload (a misconfiguration) the first one by batch order wins.
hpa_min_replicas[[ns, kind, name]] := min_replicas if {
	some ns in namespaces
	hpas := object.get(by_kind_ns.HorizontalPodAutoscaler, ns, [])
	some pos, i in hpas
	ref := objects[i].spec.scaleTargetRef
	kind := ref.kind
	name := ref.name
	not earlier_hpa_targets(hpas, pos, kind, name)
	min_replicas := object.get(objects[i].spec, "minReplicas", 1)
}

earlier_hpa_targets(hpas, pos, kind, name) if {
	some p, j in hpas
	p < pos
	objects[j].spec.scaleTargetRef.kind == kind
	objects[j].spec.scaleTargetRef.name == name
}

hpa_targets(w) if _ = hpa_min_replicas[[w.namespace, w.kind, w.name]]

# Replicas a workload runs with: an HPA's minReplicas when one targets it, else spec.replicas (default 1).
effective_replicas(w) := hpa_min_replicas[[w.namespace, w.kind, w.name]]

effective_replicas(w) := object.get(w.object.spec, "replicas", 1) if not hpa_targets(w)

replicated_kinds := {"Deployment", "StatefulSet", "ReplicaSet"}
