package kubelint.rules.config_reference_missing_test

import data.kubelint.rules.config_reference_missing as rule
import data.kubelint.testutil as t

cm(name) := {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name}}

secret(name) := {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": name}}

pod(container, volumes) := t.pod("p", {"containers": [object.union(t.good_container("a"), container)], "volumes": volumes})

test_missing_references_fail_when_the_kind_is_present if {
	p := pod({"envFrom": [{"configMapRef": {"name": "settings"}}], "env": [{"name": "X", "valueFrom": {"secretKeyRef": {"name": "db", "key": "k"}}}]}, [{"name": "v", "secret": {"secretName": "tls"}}])
	t.paths(rule.violation) == {
		["spec", "containers", 0, "envFrom", 0, "configMapRef", "name"],
		["spec", "containers", 0, "env", 0, "valueFrom", "secretKeyRef", "name"],
		["spec", "volumes", 0, "secret", "secretName"],
	} with input as t.batch([p, cm("other"), secret("other")])
}

test_nothing_judged_without_that_kind_in_the_namespace if {
	p := pod({"envFrom": [{"configMapRef": {"name": "settings"}}]}, [{"name": "v", "secret": {"secretName": "tls"}}])
	t.paths(rule.violation) == {["spec", "volumes", 0, "secret", "secretName"]} with input as t.batch([p, secret("other")])
}

test_present_optional_and_root_ca_pass if {
	p := pod({"envFrom": [{"configMapRef": {"name": "settings"}}, {"secretRef": {"name": "extra", "optional": true}}]}, [
		{"name": "ca", "configMap": {"name": "kube-root-ca.crt"}},
		{"name": "proj", "projected": {"sources": [{"configMap": {"name": "settings"}}, {"secret": {"name": "gone", "optional": true}}]}},
	])
	count(rule.violation) == 0 with input as t.batch([p, cm("settings"), secret("other")])
}

test_projected_source_fails if {
	p := pod({}, [{"name": "proj", "projected": {"sources": [{"secret": {"name": "gone"}}]}}])
	t.paths(rule.violation) == {["spec", "volumes", 0, "projected", "sources", 0, "secret", "name"]} with input as t.batch([p, secret("other")])
}

test_other_namespace_does_not_count if {
	other := json.patch(cm("settings"), [{"op": "add", "path": "/metadata/namespace", "value": "x"}])
	p := pod({"envFrom": [{"configMapRef": {"name": "settings"}}]}, [])
	count(rule.violation) == 1 with input as t.batch([p, other, cm("unrelated")])
}
