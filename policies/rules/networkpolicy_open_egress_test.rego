package kubelint.rules.networkpolicy_open_egress_test

import data.kubelint.rules.networkpolicy_open_egress as rule
import data.kubelint.testutil as t

policy(egress) := t.netpol("np", {}, {"policyTypes": ["Egress"], "egress": egress})

test_restricted_rules_pass if {
	egress := [
		{"to": [{"namespaceSelector": {}}], "ports": [{"port": 53, "protocol": "UDP"}]},
		{"to": [{"ipBlock": {"cidr": "0.0.0.0/0", "except": ["10.0.0.0/8"]}}]},
		{"ports": [{"port": 443}]},
		{"to": [{"ipBlock": {"cidr": "10.1.0.0/16"}}]},
	]
	count(rule.violation) == 0 with input as t.batch([policy(egress)])
}

test_open_rules_fail if {
	egress := [{"to": [{"podSelector": {}}]}, {}, {"to": [{"ipBlock": {"cidr": "::/0"}}]}, {"to": [{"ipBlock": {"cidr": "0.0.0.0/0"}}], "ports": []}]
	t.paths(rule.violation) == {["spec", "egress", 1], ["spec", "egress", 2], ["spec", "egress", 3]} with input as t.batch([policy(egress)])
}
