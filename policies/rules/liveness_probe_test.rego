package kubelint.rules.liveness_probe_test

import data.kubelint.rules.liveness_probe as rule
import data.kubelint.testutil as t

no_probe := json.remove(t.good_container("a"), ["livenessProbe"])

test_compliant if {
	count(rule.violation) == 0 with input as t.batch([t.deployment("d", 1, {"app": "d"}, t.good_pod_spec)])
}

test_missing_on_deployment if {
	t.paths(rule.violation) == {["spec", "template", "spec", "containers", 0, "livenessProbe"]} with input as t.batch([t.deployment("d", 1, {"app": "d"}, {"containers": [no_probe]})])
}

test_jobs_cronjobs_and_plain_init_containers_exempt if {
	spec := {"initContainers": [no_probe], "containers": [t.good_container("b")]}
	job := {"kind": "Job", "metadata": {"name": "j"}, "spec": {"template": {"spec": {"containers": [no_probe]}}}}
	count(rule.violation) == 0 with input as t.batch([t.deployment("d", 1, {"app": "d"}, spec), job, t.cronjob("c", {"containers": [no_probe]})])
}

test_native_sidecar_needs_probe if {
	sidecar := object.union(no_probe, {"restartPolicy": "Always"})
	spec := {"initContainers": [sidecar], "containers": [t.good_container("b")]}
	t.paths(rule.violation) == {["spec", "initContainers", 0, "livenessProbe"]} with input as t.batch([t.pod("p", spec)])
}

test_run_to_completion_pod_exempt if {
	count(rule.violation) == 0 with input as t.batch([t.pod("p", {"restartPolicy": "Never", "containers": [no_probe]})])
}
