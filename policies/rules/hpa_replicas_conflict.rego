# METADATA
# title: "Workloads scaled by an HPA do not set replicas"
# description: "When an HorizontalPodAutoscaler scales a Deployment, StatefulSet or ReplicaSet, a spec.replicas in the manifest resets the replica count on every apply (kubectl, Helm, GitOps), until the HPA scales it back."
# custom:
#   id: hpa-replicas-conflict
#   severity: warning
#   kinds: [Deployment, StatefulSet, ReplicaSet]
#   presets: [all]
#   scope: batch
#   reads: [HorizontalPodAutoscaler]
#   fields: ["spec.replicas", "spec.scaleTargetRef", "spec.minReplicas"]
#   remediation: "Remove spec.replicas from the manifest and let the HPA own it."
package kubelint.rules.hpa_replicas_conflict

import data.kubelint.lib

violation contains v if {
	some w in lib.workloads
	w.kind in {"Deployment", "StatefulSet", "ReplicaSet"}
	lib.hpa_targets(w)
	replicas := w.object.spec.replicas
	v := {
		"index": w.index,
		"msg": concat("", [lib.describe_workload(w), " sets spec.replicas (", format_int(replicas, 10), ") although an HPA scales it, so every apply resets the replica count; remove spec.replicas"]),
		"path": ["spec", "replicas"],
	}
}
