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
