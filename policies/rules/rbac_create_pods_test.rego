package kubelint.rules.rbac_create_pods_test

import data.kubelint.rbactest as b
import data.kubelint.rules.rbac_create_pods as rule
import data.kubelint.testutil as t

violations(rules) := vs if {
	vs := rule.violation with input as t.batch([b.role("ClusterRole", rules)])
}

test_create_pods_and_workloads_fail if {
	count(violations([b.rule([""], ["pods"], ["create"])])) == 1
	count(violations([b.rule(["apps"], ["deployments"], ["create", "get"])])) == 1
	count(violations([b.rule(["batch"], ["cronjobs"], ["*"])])) == 1
	count(violations([b.rule(["*"], ["*"], ["create"])])) == 1
}

test_one_finding_per_rule_at_the_first_resource if {
	t.paths(violations([b.rule(["apps"], ["statefulsets", "deployments"], ["create"])])) == {["rules", 0, "resources", 1]}
}

test_read_and_unrelated_pass if {
	count(violations([b.rule([""], ["pods"], ["get", "list", "delete"])])) == 0
	count(violations([b.rule([""], ["pods/eviction"], ["create"])])) == 0
	count(violations([b.rule(["apps"], ["pods"], ["create"])])) == 0
	count(violations([b.rule([""], ["configmaps"], ["create"])])) == 0
}
