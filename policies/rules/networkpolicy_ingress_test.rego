package kubelint.rules.networkpolicy_ingress_test

import data.kubelint.rules.networkpolicy_ingress as rule
import data.kubelint.testutil as t

web := t.deployment("web", 1, {"app": "web"}, t.good_pod_spec)

test_no_policy_fails if {
	t.paths(rule.violation) == {["metadata", "name"]} with input as t.batch([web])
}

test_default_deny_and_unset_policy_types_pass if {
	count(rule.violation) == 0 with input as t.batch([web, t.netpol("deny", {}, {"policyTypes": ["Ingress"]})])
	count(rule.violation) == 0 with input as t.batch([web, t.netpol("web", {"matchLabels": {"app": "web"}}, {})])
}

test_egress_only_and_other_pods_fail if {
	count(rule.violation) == 1 with input as t.batch([web, t.netpol("deny", {}, {"policyTypes": ["Egress"]})])
	count(rule.violation) == 1 with input as t.batch([web, t.netpol("api", {"matchLabels": {"app": "api"}}, {"policyTypes": ["Ingress"]})])
}
