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

egress_to(to) := t.netpol("egress", {}, {"policyTypes": ["Egress"], "egress": [{"to": to}]})

test_portless_rule_to_one_app_does_not_allow_dns if {
	np := egress_to([{"podSelector": {"matchLabels": {"app": "db"}}}])
	count(rule.violation) == 1 with input as t.batch([web, np])
}

test_portless_rule_to_kube_system_allows_dns if {
	by_name := egress_to([{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "kube-system"}}}])
	count(rule.violation) == 0 with input as t.batch([web, by_name])
	with_pods := egress_to([{"namespaceSelector": {}, "podSelector": {"matchLabels": {"k8s-app": "kube-dns"}}}])
	count(rule.violation) == 0 with input as t.batch([web, with_pods])
	own_label := egress_to([{"namespaceSelector": {"matchLabels": {"name": "kube-system"}}}])
	count(rule.violation) == 0 with input as t.batch([web, own_label])
}

test_portless_rule_to_other_namespaces_or_pods_does_not_allow_dns if {
	team := egress_to([{"namespaceSelector": {"matchLabels": {"team": "payments"}}}])
	count(rule.violation) == 1 with input as t.batch([web, team])
	not_dns := egress_to([{"namespaceSelector": {}, "podSelector": {"matchLabels": {"app": "api"}}}])
	count(rule.violation) == 1 with input as t.batch([web, not_dns])
}

test_portless_rule_ip_blocks if {
	private := egress_to([{"ipBlock": {"cidr": "10.0.0.0/8"}}])
	count(rule.violation) == 0 with input as t.batch([web, private])
	nodelocal := egress_to([{"ipBlock": {"cidr": "169.254.20.10/32"}}])
	count(rule.violation) == 0 with input as t.batch([web, nodelocal])
	public := egress_to([{"ipBlock": {"cidr": "203.0.113.7/32"}}])
	count(rule.violation) == 1 with input as t.batch([web, public])
}

test_port_53_rule_is_taken_at_its_word if {
	np := t.netpol("dns", {}, {"policyTypes": ["Egress"], "egress": [{"to": [{"podSelector": {"matchLabels": {"app": "resolver"}}}], "ports": [{"port": 53, "protocol": "UDP"}]}]})
	count(rule.violation) == 0 with input as t.batch([web, np])
}

test_host_network_pods_are_not_judged if {
	host := t.deployment("node-agent", 1, {"app": "web"}, object.union(t.good_pod_spec, {"hostNetwork": true}))
	count(rule.violation) == 0 with input as t.batch([host, deny])
}
