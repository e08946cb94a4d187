# METADATA
# title: "Replicas are spread across nodes"
# description: "A Deployment, StatefulSet or ReplicaSet running 2 or more replicas (an HPA's minReplicas when one scales it) needs pod anti-affinity or topology spread constraints (either one satisfies the rule); otherwise the scheduler may place every replica on one node or zone."
# custom:
#   id: pod-spread
#   severity: warning
#   kinds: [Deployment, StatefulSet, ReplicaSet]
#   presets: [all]
#   scope: batch
#   reads: [HorizontalPodAutoscaler]
#   fields: ["spec.replicas", "spec.scaleTargetRef", "spec.minReplicas", "podspec.topologySpreadConstraints", "podspec.affinity"]
#   remediation: "Add topologySpreadConstraints (e.g. topologyKey kubernetes.io/hostname, whenUnsatisfiable: ScheduleAnyway) or a preferred podAntiAffinity on the pods' labels."
package kubelint.rules.pod_spread

import data.kubelint.lib

violation contains v if {
	some w in lib.workloads
	w.kind in {"Deployment", "StatefulSet", "ReplicaSet"}
	replicas := lib.effective_replicas(w)
	replicas >= 2
	not spread(w.spec)
	v := {
		"index": w.index,
		"msg": concat("", [lib.describe_workload(w), " runs ", format_int(replicas, 10), " replicas with neither pod anti-affinity nor topology spread constraints, so they may share one node; add topologySpreadConstraints or podAntiAffinity"]),
		"path": array.concat(w.spec_path, ["topologySpreadConstraints"]),
	}
}

spread(spec) if count(object.get(spec, "topologySpreadConstraints", [])) > 0

spread(spec) if {
	some field in ["requiredDuringSchedulingIgnoredDuringExecution", "preferredDuringSchedulingIgnoredDuringExecution"]
	count(spec.affinity.podAntiAffinity[field]) > 0
}
