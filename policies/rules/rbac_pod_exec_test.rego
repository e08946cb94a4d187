package kubelint.rules.rbac_pod_exec_test

import data.kubelint.rbactest as b
import data.kubelint.rules.rbac_pod_exec as rule
import data.kubelint.testutil as t

violations(rules) := vs if {
	vs := rule.violation with input as t.batch([b.role("Role", rules)])
}

test_exec_attach_portforward_fail if {
	count(violations([b.rule([""], ["pods/exec"], ["create"])])) == 1
	count(violations([b.rule([""], ["pods/attach"], ["get"])])) == 1
	count(violations([b.rule([""], ["pods/portforward"], ["*"])])) == 1
	count(violations([b.rule([""], ["pods/*"], ["create"])])) == 1
	count(violations([b.rule([""], ["*/exec"], ["create"])])) == 1
}

test_path_and_message if {
	some v in violations([b.rule([""], ["pods", "pods/log", "pods/exec"], ["get", "create"])])
	v.path == ["rules", 0, "resources", 2]
	v.msg == "Role \"r\" rules[0] grants create on pods/exec, a shell or tunnel into running containers; keep it to break-glass roles"
}

test_logs_and_pods_pass if {
	count(violations([b.rule([""], ["pods", "pods/log"], ["get", "create"])])) == 0
	count(violations([b.rule([""], ["pods/exec"], ["list", "watch"])])) == 0
}
