package kubelint.rules.networkpolicy_dns_test

import data.kubelint.rules.networkpolicy_dns as rule
import data.kubelint.testutil as t

web := t.deployment("web", 1, {"app": "web"}, t.good_pod_spec)

deny := t.netpol("default-deny", {}, {"policyTypes": ["Egress"]})

test_unrestricted_pods_are_not_judged if {
	count(rule.violation) == 0 with input as t.batch([web])
}

test_default_deny_without_dns_fails if {
	vs := rule.violation with input as t.batch([web, deny])
	t.paths(vs) == {["metadata", "name"]}
	some v in vs
	contains(v.msg, "\"default-deny\"")
}

test_dns_rule_in_another_selecting_policy_passes if {
	dns := t.netpol("dns", {}, {"policyTypes": ["Egress"], "egress": [{"ports": [{"port": 53, "protocol": "UDP"}, {"port": 53, "protocol": "TCP"}]}]})
	count(rule.violation) == 0 with input as t.batch([web, deny, dns])
}

test_named_and_ranged_ports if {
	named := t.netpol("dns", {}, {"egress": [{"ports": [{"port": "dns", "protocol": "UDP"}]}]})
	count(rule.violation) == 0 with input as t.batch([web, named])
	ranged := t.netpol("dns", {}, {"egress": [{"ports": [{"port": 1, "endPort": 1024, "protocol": "UDP"}]}]})
	count(rule.violation) == 0 with input as t.batch([web, ranged])
}

test_other_ports_and_sctp_fail if {
	https := t.netpol("https", {"matchLabels": {"app": "web"}}, {"egress": [{"ports": [{"port": 443}, {"port": 53, "protocol": "SCTP"}]}]})
	count(rule.violation) == 1 with input as t.batch([web, https])
}

test_dns_policy_not_selecting_pods_does_not_help if {
	dns := t.netpol("dns", {"matchLabels": {"app": "other"}}, {"egress": [{"ports": [{"port": 53, "protocol": "UDP"}]}]})
	count(rule.violation) == 1 with input as t.batch([web, deny, dns])
}
