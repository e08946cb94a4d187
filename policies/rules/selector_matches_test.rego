package kubelint.rules.selector_matches_test

import data.kubelint.rules.selector_matches as rule
import data.kubelint.testutil as t

dep(selector) := json.patch(t.deployment("d", 1, {"app": "d", "tier": "web"}, t.good_pod_spec), [{"op": "replace", "path": "/spec/selector", "value": selector}])

test_matching_selectors_pass if {
	count(rule.violation) == 0 with input as t.batch([
		dep({"matchLabels": {"app": "d"}}),
		dep({"matchExpressions": [{"key": "tier", "operator": "Exists"}]}),
	])
}

test_mismatch_fails if {
	t.paths(rule.violation) == {["spec", "selector"]} with input as t.batch([dep({"matchLabels": {"app": "x"}})])
	t.paths(rule.violation) == {["spec", "selector"]} with input as t.batch([dep({"matchLabels": {"app": "d"}, "matchExpressions": [{"key": "tier", "operator": "NotIn", "values": ["web"]}]})])
}

test_empty_and_missing_selectors_fail if {
	t.paths(rule.violation) == {["spec", "selector"]} with input as t.batch([dep({})])
	t.paths(rule.violation) == {["spec"]} with input as t.batch([json.remove(dep({}), ["spec/selector"])])
}

test_jobs_only_with_manual_selector if {
	job := {"kind": "Job", "metadata": {"name": "j"}, "spec": {"selector": {"matchLabels": {"x": "y"}}, "template": {"spec": t.good_pod_spec}}}
	count(rule.violation) == 0 with input as t.batch([job])
	count(rule.violation) == 1 with input as t.batch([json.patch(job, [{"op": "add", "path": "/spec/manualSelector", "value": true}])])
}

rc(selector, labels) := {
	"apiVersion": "v1",
	"kind": "ReplicationController",
	"metadata": {"name": "legacy"},
	"spec": {"selector": selector, "template": {"metadata": {"labels": labels}, "spec": t.good_pod_spec}},
}

test_replication_controller_selector if {
	count(rule.violation) == 0 with input as t.batch([rc({"app": "a"}, {"app": "a", "tier": "web"})])
	count(rule.violation) == 0 with input as t.batch([json.remove(rc({}, {"app": "a"}), ["spec/selector"])])
	t.paths(rule.violation) == {["spec", "selector"]} with input as t.batch([rc({"app": "b"}, {"app": "a"})])
}
