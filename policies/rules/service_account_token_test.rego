package kubelint.rules.service_account_token_test

import data.kubelint.rules.service_account_token as rule
import data.kubelint.testutil as t

test_false_passes if {
	count(rule.violation) == 0 with input as t.batch([t.deployment("d", 1, {"app": "d"}, t.good_pod_spec)])
}

test_unset_fails if {
	t.paths(rule.violation) == {["spec", "template", "spec", "automountServiceAccountToken"]} with input as t.batch([t.deployment("d", 1, {"app": "d"}, {"containers": [t.good_container("a")]})])
}

test_annotation_opts_in if {
	dep := t.deployment("d", 1, {"app": "d"}, {"containers": [t.good_container("a")]})
	on_workload := json.patch(dep, [{"op": "add", "path": "/metadata/annotations", "value": {"kubelint.io/service-account-token": "required"}}])
	on_template := json.patch(dep, [{"op": "add", "path": "/spec/template/metadata/annotations", "value": {"kubelint.io/service-account-token": "required"}}])
	count(rule.violation) == 0 with input as t.batch([on_workload, on_template])
}

test_other_annotation_value_does_not_opt_in if {
	dep := t.deployment("d", 1, {"app": "d"}, {"containers": [t.good_container("a")]})
	annotated := json.patch(dep, [{"op": "add", "path": "/metadata/annotations", "value": {"kubelint.io/service-account-token": "yes"}}])
	count(rule.violation) == 1 with input as t.batch([annotated])
}

sa(name, automount) := {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": name}, "automountServiceAccountToken": automount}

test_service_account_without_automount_covers_silent_pod if {
	dep := t.deployment("d", 1, {"app": "d"}, {"serviceAccountName": "web", "containers": [t.good_container("a")]})
	count(rule.violation) == 0 with input as t.batch([dep, sa("web", false)])
	count(rule.violation) == 1 with input as t.batch([dep, sa("web", true)])
	count(rule.violation) == 1 with input as t.batch([dep, sa("other", false)])
}

test_default_service_account if {
	dep := t.deployment("d", 1, {"app": "d"}, {"containers": [t.good_container("a")]})
	count(rule.violation) == 0 with input as t.batch([dep, sa("default", false)])
}

test_pod_true_overrides_account if {
	dep := t.deployment("d", 1, {"app": "d"}, {"serviceAccountName": "web", "automountServiceAccountToken": true, "containers": [t.good_container("a")]})
	vs := rule.violation with input as t.batch([dep, sa("web", false)])
	count(vs) == 1
	some v in vs
	v.atMost == "info"
}

test_unset_is_not_capped if {
	dep := t.deployment("d", 1, {"app": "d"}, {"containers": [t.good_container("a")]})
	vs := rule.violation with input as t.batch([dep])
	count(vs) == 1
	some v in vs
	not v.atMost
}
