package kubelint.rules.forbidden_annotations_test

import data.kubelint.rules.forbidden_annotations as rule
import data.kubelint.testutil as t

obj(kind, annotations) := {"apiVersion": "v1", "kind": kind, "metadata": {"name": "o", "annotations": annotations}}

test_default_snippets_on_ingress if {
	a := {"nginx.ingress.kubernetes.io/configuration-snippet": "x", "nginx.ingress.kubernetes.io/server-snippet": "y", "nginx.ingress.kubernetes.io/rewrite-target": "/"}
	t.paths(rule.violation) == {["metadata", "annotations", "nginx.ingress.kubernetes.io/configuration-snippet"], ["metadata", "annotations", "nginx.ingress.kubernetes.io/server-snippet"]} with input as t.batch([obj("Ingress", a)])
	count(rule.violation) == 0 with input as t.batch([obj("ConfigMap", a)])
}

test_custom_with_value if {
	params := {"forbidden-annotations": {"annotations": [{"key": "^example\\.com/debug$", "value": "^(true|on)$"}]}}
	count(rule.violation) == 1 with input as t.with_params([obj("Service", {"example.com/debug": "true"})], params)
	count(rule.violation) == 0 with input as t.with_params([obj("Service", {"example.com/debug": "false"})], params)
}
