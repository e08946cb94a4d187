package kubelint.rules.pss_host_probes_and_host_lifecycle_test

import data.kubelint.rules.pss_host_probes_and_host_lifecycle as rule
import data.kubelint.testutil as t

ctr := {
	"name": "c", "image": "i:1",
	"livenessProbe": {"httpGet": {"host": "10.0.0.1", "port": 80}},
	"readinessProbe": {"tcpSocket": {"host": "", "port": 80}},
	"lifecycle": {"postStart": {"tcpSocket": {"host": "x", "port": 1}}},
}

test_hosts_from_1_34 if {
	count(rule.violation) == 0 with input as t.pss_pod({"containers": [ctr]}, 33, "pss-host-probes-and-host-lifecycle")
	t.paths(rule.violation) == {
		["spec", "containers", 0, "livenessProbe", "httpGet", "host"],
		["spec", "containers", 0, "lifecycle", "postStart", "tcpSocket", "host"],
	} with input as t.pss_pod({"containers": [ctr]}, 34, "pss-host-probes-and-host-lifecycle")
}

# Only a host that is set reports: not an empty or null one, not one under a handler that is not
# a map or under anything but httpGet and tcpSocket, not one that is no text (false, 0).
test_only_set_hosts if {
	odd := {
		"name": "c", "image": "i:1",
		"livenessProbe": "not a map",
		"readinessProbe": {"httpGet": {"host": null}, "tcpSocket": {"host": "a"}},
		"startupProbe": {"grpc": {"host": "x"}, "httpGet": ["host"], "tcpSocket": {"host": false}},
		"lifecycle": {"preStop": {"httpGet": {"host": "b"}, "tcpSocket": {"host": 0}}, "postStart": {"tcpSocket": {"port": 1}}},
	}
	t.paths(rule.violation) == {
		["spec", "containers", 0, "readinessProbe", "tcpSocket", "host"],
		["spec", "containers", 0, "lifecycle", "preStop", "httpGet", "host"],
	} with input as t.pss_pod({"containers": [odd]}, 34, "pss-host-probes-and-host-lifecycle")
}
