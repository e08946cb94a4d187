package kubelint.rules.probes_identical_test

import data.kubelint.rules.probes_identical as rule
import data.kubelint.testutil as t

violations(live, ready) := vs if {
	c := t.set_fields(t.good_container("a"), {"livenessProbe": live, "readinessProbe": ready})
	vs := rule.violation with input as t.batch([t.pod("p", {"containers": [c]})])
}

test_same_check_fails if {
	t.paths(violations({"httpGet": {"path": "/health", "port": 8080}, "periodSeconds": 10}, {"httpGet": {"path": "/health", "port": 8080}, "periodSeconds": 5})) == {["spec", "containers", 0, "livenessProbe"]}
	count(violations({"exec": {"command": ["check"]}}, {"exec": {"command": ["check"]}})) == 1
}

test_different_checks_pass if {
	count(violations({"httpGet": {"path": "/healthz", "port": 8080}}, {"httpGet": {"path": "/readyz", "port": 8080}})) == 0
	count(violations({"tcpSocket": {"port": 8080}}, {"httpGet": {"path": "/readyz", "port": 8080}})) == 0
}
