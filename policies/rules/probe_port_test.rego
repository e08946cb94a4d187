package kubelint.rules.probe_port_test

import data.kubelint.rules.probe_port as rule
import data.kubelint.testutil as t

test_named_and_numbered_ports_declared if {
	count(rule.violation) == 0 with input as t.batch([t.pod("p", t.good_pod_spec)])
}

test_unknown_name_and_number if {
	ctr := t.set_fields(t.good_container("a"), {
		"livenessProbe": {"httpGet": {"path": "/", "port": "metrics"}},
		"readinessProbe": {"tcpSocket": {"port": 9090}},
		"startupProbe": {"exec": {"command": ["true"]}},
	})
	vs := rule.violation with input as t.batch([t.pod("p", {"containers": [ctr]})])
	t.paths(vs) == {
		["spec", "containers", 0, "livenessProbe", "httpGet", "port"],
		["spec", "containers", 0, "readinessProbe", "tcpSocket", "port"],
	}
	some v in vs
	contains(v.msg, "\"metrics\"")
}

test_grpc_port if {
	ctr := t.set_fields(t.good_container("a"), {"readinessProbe": {"grpc": {"port": 8080}}, "livenessProbe": {"grpc": {"port": 50051}}})
	t.paths(rule.violation) == {["spec", "containers", 0, "livenessProbe", "grpc", "port"]} with input as t.batch([t.pod("p", {"containers": [ctr]})])
}
