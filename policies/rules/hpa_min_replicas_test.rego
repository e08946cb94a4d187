package kubelint.rules.hpa_min_replicas_test

import data.kubelint.rules.hpa_min_replicas as rule
import data.kubelint.testutil as t

test_low_minimum_fails if {
	t.paths(rule.violation) == {["spec", "minReplicas"]} with input as t.batch([t.hpa("h", "Deployment", "web", 1)])
	unset := json.patch(t.hpa("h", "Deployment", "web", 1), [{"op": "remove", "path": "/spec/minReplicas"}])
	count(rule.violation) == 1 with input as t.batch([unset])
}

test_enough_passes_and_option if {
	count(rule.violation) == 0 with input as t.batch([t.hpa("h", "Deployment", "web", 2)])
	count(rule.violation) == 1 with input as t.with_params([t.hpa("h", "Deployment", "web", 2)], {"hpa-min-replicas": {"minReplicas": 3}})
}
