package kubelint.rules.rbac_csr_approval_test

import data.kubelint.rbactest as b
import data.kubelint.rules.rbac_csr_approval as rule
import data.kubelint.testutil as t

violations(rules) := vs if {
	vs := rule.violation with input as t.batch([b.role("ClusterRole", rules)])
}

group := "certificates.k8s.io"

test_approval_fails if {
	t.paths(violations([b.rule([group], ["certificatesigningrequests", "certificatesigningrequests/approval"], ["update"])])) == {["rules", 0, "resources", 1]}
	count(violations([b.rule([group], ["signers"], ["approve"])])) == 1
}

test_create_and_named_signers_pass if {
	count(violations([b.rule([group], ["certificatesigningrequests"], ["create", "get"])])) == 0
	count(violations([object.union(b.rule([group], ["signers"], ["approve"]), {"resourceNames": ["example.com/serving"]})])) == 0
}
