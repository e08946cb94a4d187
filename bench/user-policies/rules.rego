# METADATA
# title: Workloads name their team
# custom:
#   id: bench-team-label
#   severity: error
#   kinds: [Deployment, StatefulSet, DaemonSet, CronJob]
package bench.team_label

import data.kubelint.lib

violation contains {"index": w.index, "msg": concat("", [w.kind, " \"", w.name, "\" has no team label"]), "path": ["metadata", "labels", "team"]} if {
	some w in lib.workloads
	w.kind != "Pod"
	not w.object.metadata.labels.team
}
