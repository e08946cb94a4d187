package kubelint.rules.required_labels_test

import data.kubelint.rules.required_labels as rule
import data.kubelint.testutil as t

cm(labels) := {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "labels": labels}}

violations(objects, requirements) := vs if {
	vs := rule.violation with input as t.with_params(objects, {"required-labels": {"labels": requirements}})
}

test_no_requirements_report_nothing if {
	count(violations([cm({})], [])) == 0
}

test_missing_and_mismatching if {
	reqs := [{"key": "team"}, {"key": "app.kubernetes.io/version", "pattern": `^[0-9]+\.[0-9]+\.[0-9]+$`}]
	t.paths(violations([cm({"app.kubernetes.io/version": "latest"})], reqs)) == {["metadata", "labels", "team"], ["metadata", "labels", "app.kubernetes.io/version"]}
	count(violations([cm({"team": "shop", "app.kubernetes.io/version": "1.2.3"})], reqs)) == 0
}

test_kinds_filter if {
	count(violations([cm({})], [{"key": "team", "kinds": ["Deployment"]}])) == 0
	count(violations([cm({})], [{"key": "team", "kinds": ["ConfigMap"]}])) == 1
}
