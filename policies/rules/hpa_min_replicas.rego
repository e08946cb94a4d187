# METADATA
# title: "HorizontalPodAutoscalers keep enough replicas"
# description: "An HPA whose minReplicas (default 1) is below the minimum (option, default 2) scales its workload down to a single pod at quiet times, which is then down during every rollout, drain or crash."
# custom:
#   id: hpa-min-replicas
#   severity: warning
#   kinds: [HorizontalPodAutoscaler]
#   presets: [all]
#   scope: resource
#   options:
#     minReplicas:
#       description: "Lowest spec.minReplicas an HorizontalPodAutoscaler may set."
#       type: "integer"
#       minimum: 1
#       default: 2
#   remediation: "Set spec.minReplicas to at least the minimum."
package kubelint.rules.hpa_min_replicas

import data.kubelint.lib

violation contains v if {
	some i, hpa in lib.objects
	hpa.kind == "HorizontalPodAutoscaler"
	current := object.get(hpa.spec, "minReplicas", 1)
	minimum := lib.option(rego.metadata.chain(), "minReplicas")
	current < minimum
	v := {
		"index": i,
		"msg": concat("", ["HorizontalPodAutoscaler ", lib.quote(object.get(hpa.metadata, "name", "")), " can scale down to ", format_int(current, 10), " replica(s), fewer than ", format_int(minimum, 10), "; raise spec.minReplicas"]),
		"path": ["spec", "minReplicas"],
	}
}
