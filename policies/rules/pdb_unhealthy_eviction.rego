# METADATA
# title: "PodDisruptionBudgets let unhealthy pods be evicted"
# description: "With the default unhealthyPodEvictionPolicy (IfHealthyBudget), pods that are running but not ready (crash-looping, misconfigured) cannot be evicted while the budget is short, so they block node drains. AlwaysAllow lets them go; an explicit IfHealthyBudget is a deliberate choice and passes."
# custom:
#   id: pdb-unhealthy-eviction
#   severity: warning
#   kinds: [PodDisruptionBudget]
#   presets: [all]
#   scope: resource
#   remediation: "Set spec.unhealthyPodEvictionPolicy: AlwaysAllow (Kubernetes 1.27+)."
package kubelint.rules.pdb_unhealthy_eviction

import data.kubelint.lib

violation contains v if {
	some i, pdb in lib.objects
	pdb.kind == "PodDisruptionBudget"
	not pdb.spec.unhealthyPodEvictionPolicy
	v := {
		"index": i,
		"msg": concat("", ["PodDisruptionBudget ", lib.quote(object.get(pdb.metadata, "name", "")), " sets no spec.unhealthyPodEvictionPolicy, so not-ready pods can block node drains; set AlwaysAllow"]),
		"path": ["spec", "unhealthyPodEvictionPolicy"],
	}
}
