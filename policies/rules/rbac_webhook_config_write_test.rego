package kubelint.rules.rbac_webhook_config_write_test

import data.kubelint.rbactest as b
import data.kubelint.rules.rbac_webhook_config_write as rule
import data.kubelint.testutil as t

violations(rules) := vs if {
	vs := rule.violation with input as t.batch([b.role("ClusterRole", rules)])
}

group := "admissionregistration.k8s.io"

test_writes_fail if {
	count(violations([b.rule([group], ["validatingwebhookconfigurations"], ["patch"])])) == 1
	count(violations([b.rule([group], ["mutatingwebhookconfigurations"], ["delete"])])) == 1
	count(violations([b.rule([group], ["*"], ["create"])])) == 1
	t.paths(violations([b.rule([group], ["validatingadmissionpolicies", "validatingadmissionpolicybindings"], ["update"])])) == {["rules", 0, "resources", 0]}
}

test_reads_and_named_pass if {
	count(violations([b.rule([group], ["validatingwebhookconfigurations"], ["get", "list", "watch"])])) == 0
	count(violations([object.union(b.rule([group], ["validatingwebhookconfigurations"], ["update"]), {"resourceNames": ["my-webhook"]})])) == 0
}
