package kubelint.rules.hpa_replicas_conflict_test

import data.kubelint.rules.hpa_replicas_conflict as rule
import data.kubelint.testutil as t

web := t.deployment("web", 3, {"app": "web"}, t.good_pod_spec)

test_replicas_with_hpa_fails if {
	t.paths(rule.violation) == {["spec", "replicas"]} with input as t.batch([web, t.hpa("web", "Deployment", "web", 2)])
}

test_without_hpa_or_replicas_passes if {
	count(rule.violation) == 0 with input as t.batch([web])
	unset := json.patch(web, [{"op": "remove", "path": "/spec/replicas"}])
	count(rule.violation) == 0 with input as t.batch([unset, t.hpa("web", "Deployment", "web", 2)])
	count(rule.violation) == 0 with input as t.batch([web, t.hpa("web", "StatefulSet", "web", 2)])
}
