package kubelint.rules.probe_port_test

import data.kubelint.rules.probe_port as rule
import data.kubelint.testutil as t

test_named_and_numbered_ports_declared if {
	count(rule.violation) == 0 with input as t.batch([t.pod("p", t.good_pod_spec)])
}

# A number needs no declaration: ports is informational (an ingress controller's 10254).
test_undeclared_numbers_pass if {
	ctr := t.set_fields(t.good_container("a"), {
		"readinessProbe": {"tcpSocket": {"port": 9090}},
		"livenessProbe": {"httpGet": {"path": "/healthz", "port": 10254}},
		"startupProbe": {"grpc": {"port": 50051}},
	})
	count(rule.violation) == 0 with input as t.batch([t.pod("p", {"containers": [ctr]})])
}

test_unknown_name if {
	ctr := t.set_fields(t.good_container("a"), {
		"livenessProbe": {"httpGet": {"path": "/", "port": "metrics"}},
		"startupProbe": {"exec": {"command": ["true"]}},
	})
	vs := rule.violation with input as t.batch([t.pod("p", {"containers": [ctr]})])
	t.paths(vs) == {["spec", "containers", 0, "livenessProbe", "httpGet", "port"]}
	some v in vs
	contains(v.msg, "\"metrics\" names no port")
}

# The API server refuses a string that is not a port name, declared number or not.
test_quoted_number_refused if {
	ctr := t.set_fields(t.good_container("a"), {"readinessProbe": {"tcpSocket": {"port": "8080"}}})
	vs := rule.violation with input as t.batch([t.pod("p", {"containers": [ctr]})])
	t.paths(vs) == {["spec", "containers", 0, "readinessProbe", "tcpSocket", "port"]}
	some v in vs
	contains(v.msg, "must contain at least one letter (a-z)")
}

test_port_name_problems if {
	count(data.kubelint.lib.port_name_problems("http")) == 0
	count(data.kubelint.lib.port_name_problems("a-1")) == 0
	data.kubelint.lib.port_name_problems("8080") == {"must contain at least one letter (a-z)"}
	data.kubelint.lib.port_name_problems("metrics-endpoint") == {"must be no more than 15 characters"}
	data.kubelint.lib.port_name_problems("a--b") == {"must not contain consecutive hyphens"}
	data.kubelint.lib.port_name_problems("-ab") == {"must not begin or end with a hyphen"}
	data.kubelint.lib.port_name_problems("Http") == {"must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"}
}

# Names are judged once each, however many probes repeat them.
test_port_names_distinct if {
	ctr := t.set_fields(t.good_container("a"), {
		"livenessProbe": {"httpGet": {"path": "/", "port": "http"}},
		"readinessProbe": {"httpGet": {"path": "/", "port": "http"}},
		"startupProbe": {"tcpSocket": {"port": "8080"}},
	})
	other := t.set_fields(t.good_container("b"), {"livenessProbe": {"tcpSocket": {"port": "http"}}})
	batch := t.batch([t.pod("p", {"containers": [ctr, other]})])
	rule.port_names == {"http", "8080"} with input as batch
	rule.name_problems == {"http": set(), "8080": {"must contain at least one letter (a-z)"}} with input as batch
}
