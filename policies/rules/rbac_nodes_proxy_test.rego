package kubelint.rules.rbac_nodes_proxy_test

import data.kubelint.rbactest as b
import data.kubelint.rules.rbac_nodes_proxy as rule
import data.kubelint.testutil as t

violations(rules) := vs if {
	vs := rule.violation with input as t.batch([b.role("ClusterRole", rules)])
}

test_nodes_proxy_fails if {
	t.paths(violations([b.rule([""], ["nodes", "nodes/proxy"], ["get"])])) == {["rules", 0, "resources", 1]}
	count(violations([b.rule([""], ["nodes/*"], ["create"])])) == 1
}

test_metrics_and_other_verbs_pass if {
	count(violations([b.rule([""], ["nodes", "nodes/metrics", "nodes/stats"], ["get", "list"])])) == 0
	count(violations([b.rule([""], ["nodes/proxy"], ["list", "watch"])])) == 0
}
