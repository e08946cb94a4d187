package kubelint.rules.pod_spread_test

import data.kubelint.rules.pod_spread as rule
import data.kubelint.testutil as t

dep(replicas, fields) := t.deployment("web", replicas, {"app": "web"}, object.union(t.good_pod_spec, fields))

test_replicas_without_spread_fail if {
	t.paths(rule.violation) == {["spec", "template", "spec", "topologySpreadConstraints"]} with input as t.batch([dep(3, {})])
	count(rule.violation) == 1 with input as t.batch([dep(1, {}), t.hpa("web", "Deployment", "web", 2)])
}

test_either_spread_satisfies if {
	tsc := {"topologySpreadConstraints": [{"maxSkew": 1, "topologyKey": "kubernetes.io/hostname", "whenUnsatisfiable": "ScheduleAnyway", "labelSelector": {"matchLabels": {"app": "web"}}}]}
	count(rule.violation) == 0 with input as t.batch([dep(3, tsc)])
	anti := {"affinity": {"podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 100, "podAffinityTerm": {"topologyKey": "kubernetes.io/hostname"}}]}}}
	count(rule.violation) == 0 with input as t.batch([dep(3, anti)])
}

test_single_replica_and_node_affinity_only if {
	count(rule.violation) == 0 with input as t.batch([dep(1, {})])
	count(rule.violation) == 1 with input as t.batch([dep(2, {"affinity": {"nodeAffinity": {}}})])
}
