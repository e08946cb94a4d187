package kubelint.rules.run_as_non_root_test

import data.kubelint.rules.run_as_non_root as rule
import data.kubelint.testutil as t

base := ["spec", "template", "spec"]

test_compliant if {
	count(rule.violation) == 0 with input as t.batch([t.deployment("d", 1, {"app": "d"}, t.good_pod_spec)])
}

test_pod_level_setting_applies_to_containers if {
	ctr := json.remove(t.good_container("app"), ["securityContext/runAsNonRoot"])
	spec := {"securityContext": {"runAsNonRoot": true}, "containers": [ctr]}
	count(rule.violation) == 0 with input as t.batch([t.deployment("d", 1, {"app": "d"}, spec)])
}

test_container_overrides_pod if {
	ctr := json.patch(t.good_container("app"), [{"op": "replace", "path": "/securityContext/runAsNonRoot", "value": false}])
	spec := {"securityContext": {"runAsNonRoot": true}, "containers": [ctr]}
	t.paths(rule.violation) == {array.concat(base, ["containers", 0, "securityContext", "runAsNonRoot"])} with input as t.batch([t.deployment("d", 1, {"app": "d"}, spec)])
}

test_pod_level_false_points_at_pod if {
	ctr := json.remove(t.good_container("app"), ["securityContext/runAsNonRoot"])
	spec := {"securityContext": {"runAsNonRoot": false}, "containers": [ctr]}
	t.paths(rule.violation) == {array.concat(base, ["securityContext", "runAsNonRoot"])} with input as t.batch([t.deployment("d", 1, {"app": "d"}, spec)])
}

test_missing_everywhere_in_init_and_ephemeral if {
	bare := {"name": "x", "image": "x:1"}
	spec := {"initContainers": [bare], "containers": [t.good_container("app")], "ephemeralContainers": [bare]}
	t.paths(rule.violation) == {
		["spec", "initContainers", 0, "securityContext", "runAsNonRoot"],
		["spec", "ephemeralContainers", 0, "securityContext", "runAsNonRoot"],
	} with input as t.batch([t.pod("p", spec)])
}

test_run_as_user_zero if {
	ctr := json.patch(t.good_container("app"), [{"op": "add", "path": "/securityContext/runAsUser", "value": 0}])
	vs := rule.violation with input as t.batch([t.cronjob("c", {"containers": [ctr]})])
	t.paths(vs) == {["spec", "jobTemplate", "spec", "template", "spec", "containers", 0, "securityContext", "runAsUser"]}
	some v in vs
	contains(v.msg, "container \"app\" of CronJob \"c\"")
}

test_message_says_a_nonzero_uid_is_unchecked if {
	spec := {"securityContext": {"runAsUser": 1000}, "containers": [{"name": "a", "image": "i:1"}]}
	some v in rule.violation with input as t.batch([t.pod("p", spec)])
	contains(v.msg, "runs as UID 1000 but does not set securityContext.runAsNonRoot: true")
}

test_message_without_a_user_names_the_image_user if {
	some v in rule.violation with input as t.batch([t.pod("p", {"containers": [{"name": "a", "image": "i:1"}]})])
	contains(v.msg, "runs as whatever user its image names")
}
