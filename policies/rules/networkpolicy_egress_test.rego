package kubelint.rules.networkpolicy_egress_test

import data.kubelint.rules.networkpolicy_egress as rule
import data.kubelint.testutil as t

web := t.deployment("web", 1, {"app": "web"}, t.good_pod_spec)

test_no_policy_fails if {
	t.paths(rule.violation) == {["metadata", "name"]} with input as t.batch([web])
}

test_default_deny_egress_passes if {
	deny := t.netpol("default-deny", {}, {"policyTypes": ["Ingress", "Egress"]})
	count(rule.violation) == 0 with input as t.batch([web, deny])
}

test_egress_rules_without_policy_types_pass if {
	np := t.netpol("web", {"matchLabels": {"app": "web"}}, {"egress": [{"ports": [{"port": 53, "protocol": "UDP"}]}]})
	count(rule.violation) == 0 with input as t.batch([web, np])
}

test_ingress_only_policy_does_not_count if {
	np := t.netpol("web", {"matchLabels": {"app": "web"}}, {"policyTypes": ["Ingress"]})
	count(rule.violation) == 1 with input as t.batch([web, np])
}

test_policy_in_other_namespace_does_not_count if {
	deny := json.patch(t.netpol("default-deny", {}, {"policyTypes": ["Egress"]}), [{"op": "add", "path": "/metadata/namespace", "value": "other"}])
	count(rule.violation) == 1 with input as t.batch([web, deny])
}

test_match_expressions_selector if {
	np := t.netpol("web", {"matchExpressions": [{"key": "app", "operator": "NotIn", "values": ["db"]}]}, {"policyTypes": ["Egress"]})
	count(rule.violation) == 0 with input as t.batch([web, t.cronjob("c", t.good_pod_spec), np])
}

test_host_network_gets_one_info_note if {
	host := t.deployment("node-agent", 1, {"app": "agent"}, object.union(t.good_pod_spec, {"hostNetwork": true}))
	vs := rule.violation with input as t.batch([host])
	count(vs) == 1
	some v in vs
	v.atMost == "info"
	v.path == ["spec", "template", "spec", "hostNetwork"]
	contains(v.msg, "NetworkPolicies do not apply")
}
