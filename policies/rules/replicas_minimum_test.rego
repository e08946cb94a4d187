package kubelint.rules.replicas_minimum_test

import data.kubelint.rules.replicas_minimum as rule
import data.kubelint.testutil as t

test_single_replica_fails if {
	t.paths(rule.violation) == {["spec", "replicas"]} with input as t.batch([t.deployment("web", 1, {"app": "web"}, t.good_pod_spec)])
}

test_enough_or_hpa_passes if {
	count(rule.violation) == 0 with input as t.batch([t.deployment("web", 2, {"app": "web"}, t.good_pod_spec)])
	count(rule.violation) == 0 with input as t.batch([t.deployment("web", 1, {"app": "web"}, t.good_pod_spec), t.hpa("web", "Deployment", "web", 1)])
}

test_option if {
	count(rule.violation) == 1 with input as t.with_params([t.deployment("web", 2, {"app": "web"}, t.good_pod_spec)], {"replicas-minimum": {"minReplicas": 3}})
}
