package kubelint.rules.readiness_probe_test

import data.kubelint.rules.readiness_probe as rule
import data.kubelint.testutil as t

no_probe := json.remove(t.good_container("a"), ["readinessProbe"])

test_compliant if {
	count(rule.violation) == 0 with input as t.batch([t.deployment("d", 1, {"app": "d"}, t.good_pod_spec)])
}

test_missing_on_statefulset if {
	sts := object.union(t.deployment("s", 1, {"app": "s"}, {"containers": [no_probe]}), {"kind": "StatefulSet"})
	t.paths(rule.violation) == {["spec", "template", "spec", "containers", 0, "readinessProbe"]} with input as t.batch([sts])
}

test_cronjob_exempt if {
	count(rule.violation) == 0 with input as t.batch([t.cronjob("c", {"containers": [no_probe]})])
}
