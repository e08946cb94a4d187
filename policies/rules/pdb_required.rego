# METADATA
# title: "Replicated workloads have a PodDisruptionBudget"
# description: "A Deployment or StatefulSet running at least minReplicas (default 2) replicas, counting an HPA's minReplicas when one targets it, must be selected by a PodDisruptionBudget in its namespace."
# custom:
#   id: pdb-required
#   severity: error
#   kinds: [Deployment, StatefulSet]
#   scope: batch
#   reads: [PodDisruptionBudget, HorizontalPodAutoscaler]
#   fields: ["spec.selector", "spec.replicas", "spec.scaleTargetRef", "spec.minReplicas", "podmeta.labels", "spec.manualSelector", "spec.completionMode", "spec.jobTemplate.spec.completionMode"]
#   options:
#     minReplicas:
#       description: "Effective replica count (spec.replicas, or an HPA's minReplicas) from which a PodDisruptionBudget is required."
#       type: integer
#       minimum: 1
#       default: 2
#   remediation: "Add a PodDisruptionBudget whose selector matches the workload's pod labels (e.g. maxUnavailable: 1)."
package kubelint.rules.pdb_required

import data.kubelint.lib

guarded_kinds := {"Deployment", "StatefulSet"}

violation contains v if {
	some w in lib.workloads
	guarded(w)
	replicas := lib.effective_replicas(w)
	replicas >= lib.option(rego.metadata.chain(), "minReplicas")
	not covered(w)
	v := {
		"index": w.index,
		"msg": concat("", [lib.describe_workload(w), " runs ", format_int(replicas, 10), " replicas", hpa_note(w), " but no PodDisruptionBudget in namespace ", lib.quote(w.namespace), " selects its pods; add one (e.g. maxUnavailable: 1) so voluntary disruptions keep it available"]),
		"path": replicas_path(w),
	}
}

# Custom workload kinds with a replica count (an Argo Rollout, a CloneSet) are guarded like Deployments.
guarded(w) if guarded_kinds[w.kind]

guarded(w) if lib.custom_kind(w.object).replicasPath

covered(w) if lib.pdb_covered[w.index]

hpa_note(w) := " (the minReplicas of the HorizontalPodAutoscaler targeting it)" if lib.hpa_targets(w)

hpa_note(w) := "" if not lib.hpa_targets(w)

replicas_path(w) := ["spec", "replicas"] if {
	not lib.hpa_targets(w)
	_ = w.object.spec.replicas
}

replicas_path(w) := ["metadata", "name"] if lib.hpa_targets(w)
