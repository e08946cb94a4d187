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

test_unselected_workload_is_capped_at_info if {
	ctr := json.remove(t.good_container("a"), ["readinessProbe"])
	dep := t.deployment("d", 2, {"app": "d"}, {"containers": [ctr]})
	vs := rule.violation with input as t.batch([dep])
	count(vs) == 1
	some v in vs
	v.atMost == "info"
	contains(v.msg, "no Service selects its pods")
}

test_selected_workload_keeps_the_rule_level if {
	ctr := json.remove(t.good_container("a"), ["readinessProbe"])
	dep := t.deployment("d", 2, {"app": "d"}, {"containers": [ctr]})
	svc := {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "d"}, "spec": {"selector": {"app": "d"}, "ports": [{"port": 80}]}}
	vs := rule.violation with input as t.batch([dep, svc])
	count(vs) == 1
	some v in vs
	not v.atMost
}

test_unselected_severity_option if {
	ctr := json.remove(t.good_container("a"), ["readinessProbe"])
	dep := t.deployment("d", 2, {"app": "d"}, {"containers": [ctr]})
	count(rule.violation) == 0 with input as t.with_params([dep], {"readiness-probe": {"unselectedSeverity": "off"}})
	vs := rule.violation with input as t.with_params([dep], {"readiness-probe": {"unselectedSeverity": "error"}})
	some v in vs
	v.atMost == "error"
}
