package kubelint.rules.pss_host_ports_test

import data.kubelint.rules.pss_host_ports as rule
import data.kubelint.testutil as t

ctr(ports) := {"name": "c", "image": "i:1", "ports": ports}

test_host_port if {
	spec := {"containers": [ctr([{"containerPort": 80, "hostPort": 80}, {"containerPort": 81, "hostPort": 0}])]}
	t.paths(rule.violation) == {["spec", "containers", 0, "ports", 0, "hostPort"]} with input as t.pss_pod(spec, 36, "pss-host-ports")
}

test_host_network_pod_defaults_host_port if {
	spec := {"hostNetwork": true, "containers": [ctr([{"containerPort": 9100}])]}
	t.paths(rule.violation) == {["spec", "containers", 0, "ports", 0, "containerPort"]} with input as t.pss_pod(spec, 36, "pss-host-ports")
}

test_host_network_template_not_defaulted if {
	d := t.deployment("d", 1, {"app": "d"}, {"hostNetwork": true, "containers": [ctr([{"containerPort": 9100}])]})
	count(rule.violation) == 0 with input as t.pss_batch([d], 36, ["pss-host-ports"])
}
