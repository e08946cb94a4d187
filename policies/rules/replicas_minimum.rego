# METADATA
# title: "Deployments and StatefulSets run enough replicas"
# description: "A Deployment or StatefulSet with fewer replicas than the minimum (option, default 2) is down during every rollout, node drain or crash. Workloads an HorizontalPodAutoscaler scales are judged by hpa-min-replicas instead."
# custom:
#   id: replicas-minimum
#   severity: warning
#   kinds: [Deployment, StatefulSet]
#   presets: [all]
#   scope: batch
#   reads: [HorizontalPodAutoscaler]
#   fields: ["spec.replicas", "spec.scaleTargetRef", "spec.minReplicas"]
#   options:
#     minReplicas:
#       description: "Fewest replicas a Deployment or StatefulSet (not scaled by an HPA) may run."
#       type: "integer"
#       minimum: 1
#       default: 2
#   remediation: "Raise spec.replicas to at least the minimum, or scale the workload with an HPA."
package kubelint.rules.replicas_minimum

import data.kubelint.lib

violation contains v if {
	some w in lib.workloads
	w.kind in {"Deployment", "StatefulSet"}
	not lib.hpa_targets(w)
	replicas := object.get(w.object.spec, "replicas", 1)
	minimum := lib.option(rego.metadata.chain(), "minReplicas")
	replicas < minimum
	v := {
		"index": w.index,
		"msg": concat("", [lib.describe_workload(w), " runs ", format_int(replicas, 10), " replica(s), fewer than ", format_int(minimum, 10), "; raise spec.replicas or scale it with an HPA"]),
		"path": ["spec", "replicas"],
	}
}
