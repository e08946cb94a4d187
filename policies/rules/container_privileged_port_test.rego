package kubelint.rules.container_privileged_port_test

import data.kubelint.rules.container_privileged_port as rule
import data.kubelint.testutil as t

pod_with_ports(ports) := t.pod("p", {"containers": [object.union(t.good_container("a"), {"ports": ports})]})

test_low_port_fails if {
	t.paths(rule.violation) == {["spec", "containers", 0, "ports", 1, "containerPort"]} with input as t.batch([pod_with_ports([{"containerPort": 8080}, {"containerPort": 443}])])
}

test_high_ports_pass if {
	count(rule.violation) == 0 with input as t.batch([pod_with_ports([{"containerPort": 1024}, {"containerPort": 8443}])])
}
