package kubelint.rules.service_target_port_test

import data.kubelint.rules.service_target_port as rule
import data.kubelint.testutil as t

web := t.deployment("web", 1, {"app": "web"}, t.good_pod_spec)

svc(target) := {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}, "spec": {"selector": {"app": "web"}, "ports": [{"port": 80, "targetPort": target}]}}

test_named_port_found_passes if {
	count(rule.violation) == 0 with input as t.batch([web, svc("http")])
}

test_numeric_port_passes if {
	count(rule.violation) == 0 with input as t.batch([web, svc(9090)])
}

test_unknown_name_fails if {
	t.paths(rule.violation) == {["spec", "ports", 0, "targetPort"]} with input as t.batch([web, svc("metrics")])
}

test_service_selecting_nothing_is_not_judged if {
	count(rule.violation) == 0 with input as t.batch([svc("metrics")])
}
