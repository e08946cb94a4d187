package kubelint.rules.ingress_tls_test

import data.kubelint.rules.ingress_tls as rule
import data.kubelint.testutil as t

ing(spec) := {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "i"}, "spec": spec}

test_no_tls_fails if {
	t.paths(rule.violation) == {["spec", "tls"]} with input as t.batch([ing({"rules": []})])
	count(rule.violation) == 1 with input as t.batch([ing({"tls": []})])
}

test_tls_passes if {
	count(rule.violation) == 0 with input as t.batch([ing({"tls": [{"hosts": ["a.example"], "secretName": "a"}]})])
}
