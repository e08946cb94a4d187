package kubelint.rules.networkpolicy_open_egress_test

import data.kubelint.rules.networkpolicy_open_egress as rule
import data.kubelint.testutil as t

policy(egress) := t.netpol("np", {}, {"policyTypes": ["Egress"], "egress": egress})

test_restricted_rules_pass if {
	egress := [
		{"to": [{"namespaceSelector": {}}], "ports": [{"port": 53, "protocol": "UDP"}]},
		{"to": [{"ipBlock": {"cidr": "0.0.0.0/0", "except": ["10.0.0.0/8"]}}]},
		{"to": [{"ipBlock": {"cidr": "10.1.0.0/16"}}], "ports": [{"port": 443}]},
	]
	count(rule.violation) == 0 with input as t.batch([policy(egress)])
}

test_dns_only_rules_may_reach_any_host if {
	egress := [{"ports": [{"port": 53, "protocol": "UDP"}, {"port": 53, "protocol": "TCP"}]}, {"ports": [{"port": "dns"}]}]
	count(rule.violation) == 0 with input as t.batch([policy(egress)])
}

test_open_rules_fail if {
	egress := [{"to": [{"podSelector": {}}]}, {}, {"to": [{"ipBlock": {"cidr": "::/0"}}]}, {"to": [{"ipBlock": {"cidr": "0.0.0.0/0"}}], "ports": []}]
	t.paths(rule.violation) == {["spec", "egress", 1], ["spec", "egress", 2], ["spec", "egress", 3]} with input as t.batch([policy(egress)])
}

test_any_destination_on_some_ports_fails if {
	egress := [{"ports": [{"port": 443}, {"port": 53, "protocol": "UDP"}]}, {"to": [{"ipBlock": {"cidr": "0.0.0.0/0"}}], "ports": [{"port": "https"}]}]
	vs := rule.violation with input as t.batch([policy(egress)])
	t.paths(vs) == {["spec", "egress", 0], ["spec", "egress", 1]}
	some v in vs
	v.path == ["spec", "egress", 0]
	v.msg == "NetworkPolicy \"np\" egress rule 0 allows every destination on port 443/TCP, 53/UDP; list the destinations it needs in its to"
}
