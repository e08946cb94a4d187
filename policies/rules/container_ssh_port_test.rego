package kubelint.rules.container_ssh_port_test

import data.kubelint.rules.container_ssh_port as rule
import data.kubelint.testutil as t

pod_with_ports(ports) := t.pod("p", {"containers": [object.union(t.good_container("a"), {"ports": ports})]})

test_port_22_fails if {
	t.paths(rule.violation) == {["spec", "containers", 0, "ports", 0, "containerPort"]} with input as t.batch([pod_with_ports([{"containerPort": 22}])])
}

test_udp_22_and_other_ports_pass if {
	count(rule.violation) == 0 with input as t.batch([pod_with_ports([{"containerPort": 22, "protocol": "UDP"}, {"containerPort": 2222}])])
}
