# METADATA
# title: "PodDisruptionBudgets allow at least one eviction"
# description: "A PodDisruptionBudget with maxUnavailable 0 or 0%, minAvailable 100%, or a minAvailable at or above the replicas of the workloads it selects never allows a voluntary disruption and blocks node drains."
# custom:
#   id: pdb-allows-eviction
#   severity: error
#   kinds: [PodDisruptionBudget]
#   scope: batch
#   reads: [Pod, Deployment, StatefulSet, ReplicaSet, ReplicationController, HorizontalPodAutoscaler]
#   fields: ["spec.maxUnavailable", "spec.minAvailable", "spec.selector", "spec.replicas", "spec.scaleTargetRef", "spec.minReplicas", "podmeta.labels", "spec.manualSelector", "spec.completionMode", "spec.jobTemplate.spec.completionMode"]
#   remediation: "Use maxUnavailable: 1 (or a minAvailable below the replica count)."
package kubelint.rules.pdb_allows_eviction

import data.kubelint.lib

pdbs contains i if {
	some i, obj in lib.objects
	obj.kind == "PodDisruptionBudget"
}

violation contains v if {
	some i in pdbs
	pdb := lib.objects[i]
	pdb.spec.maxUnavailable in {0, "0%"}
	v := {
		"index": i,
		"msg": concat("", ["PodDisruptionBudget ", lib.quote(name(pdb)), " sets maxUnavailable: 0, so no pod can ever be evicted and node drains hang; allow at least 1"]),
		"path": ["spec", "maxUnavailable"],
	}
}

violation contains v if {
	some i in pdbs
	pdb := lib.objects[i]
	pdb.spec.minAvailable == "100%"
	v := {
		"index": i,
		"msg": concat("", ["PodDisruptionBudget ", lib.quote(name(pdb)), " sets minAvailable: 100%, so no pod can ever be evicted and node drains hang; use maxUnavailable: 1 instead"]),
		"path": ["spec", "minAvailable"],
	}
}

violation contains v if {
	some i in pdbs
	pdb := lib.objects[i]
	min_available := pdb.spec.minAvailable
	is_number(min_available)
	total := selected_replicas(pdb)
	total > 0
	min_available >= total
	v := {
		"index": i,
		"msg": concat("", ["PodDisruptionBudget ", lib.quote(name(pdb)), " requires minAvailable: ", format_int(min_available, 10), " but the workloads it selects run ", format_int(total, 10), " replicas in total, so no pod can ever be evicted; lower minAvailable or use maxUnavailable: 1"]),
		"path": ["spec", "minAvailable"],
	}
}

# Percentages round up, as the disruption controller does.
violation contains v if {
	some i in pdbs
	pdb := lib.objects[i]
	min_available := pdb.spec.minAvailable
	is_string(min_available)
	min_available != "100%"
	endswith(min_available, "%")
	total := selected_replicas(pdb)
	total > 0
	ceil((lib.decimal(trim_suffix(min_available, "%")) * total) / 100) >= total
	v := {
		"index": i,
		"msg": concat("", ["PodDisruptionBudget ", lib.quote(name(pdb)), " requires minAvailable: ", min_available, " of ", format_int(total, 10), " replicas, which rounds up to all of them, so no pod can ever be evicted; lower it or use maxUnavailable: 1"]),
		"path": ["spec", "minAvailable"],
	}
}

name(obj) := object.get(obj.metadata, "name", "")

counted_kinds := {"Deployment", "StatefulSet", "ReplicaSet", "ReplicationController"}

replicas_of(w) := lib.effective_replicas(w) if counted_kinds[w.kind]

replicas_of(w) := 1 if w.kind == "Pod"

replicas_of(w) := lib.effective_replicas(w) if lib.custom_kind(w.object).replicasPath

selected_replicas(pdb) := sum([n |
	some w in lib.selected_workloads(lib.namespace(pdb), pdb.spec.selector)
	n := replicas_of(w)
])
