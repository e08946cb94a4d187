package kubelint.lib_test

import data.kubelint.lib
import data.kubelint.testutil as t

test_quantity_units if {
	lib.quantity("500m") == 0.5
	lib.quantity("1000m") == 1
	lib.quantity("2") == 2
	lib.quantity(3) == 3
	lib.quantity("1.5") == 1.5
	lib.quantity("128Mi") == 134217728
	lib.quantity("1Gi") == 1073741824
	lib.quantity("1G") == 1000000000
	lib.quantity("2k") == 2000
	lib.quantity("1E") == 1000000000000000000
	lib.quantity("1Ei") == 1152921504606846976
	lib.quantity("1e3") == 1000
	lib.quantity("250u") == 0.00025
	not lib.quantity("")
	not lib.quantity("Mi")
	not lib.quantity("5i")
	not lib.quantity("1Mm")
	not lib.quantity("1ki")
	lib.quantity("1e3") == 1000
	lib.quantity("1Gi") > lib.quantity("1G")
	lib.quantity("100u") < lib.quantity("1m")
}

test_quantity_invalid_is_undefined if {
	not lib.quantity("lots")
}

test_selector_match_labels if {
	lib.selector_matches({"matchLabels": {"app": "a"}}, {"app": "a", "tier": "web"})
	not lib.selector_matches({"matchLabels": {"app": "a"}}, {"app": "b"})
	lib.selector_matches({}, {"app": "x"})
}

test_selector_match_expressions if {
	labels := {"app": "a", "tier": "web"}
	lib.selector_matches({"matchExpressions": [{"key": "tier", "operator": "In", "values": ["web", "api"]}]}, labels)
	not lib.selector_matches({"matchExpressions": [{"key": "tier", "operator": "In", "values": ["db"]}]}, labels)
	lib.selector_matches({"matchExpressions": [{"key": "tier", "operator": "NotIn", "values": ["db"]}]}, labels)
	lib.selector_matches({"matchExpressions": [{"key": "zone", "operator": "NotIn", "values": ["x"]}]}, labels)
	not lib.selector_matches({"matchExpressions": [{"key": "tier", "operator": "NotIn", "values": ["web"]}]}, labels)
	lib.selector_matches({"matchExpressions": [{"key": "app", "operator": "Exists"}]}, labels)
	not lib.selector_matches({"matchExpressions": [{"key": "zone", "operator": "Exists"}]}, labels)
	lib.selector_matches({"matchExpressions": [{"key": "zone", "operator": "DoesNotExist"}]}, labels)
	not lib.selector_matches({"matchExpressions": [{"key": "app", "operator": "DoesNotExist"}]}, labels)
}

test_selector_labels_and_expressions_both_required if {
	selector := {"matchLabels": {"app": "a"}, "matchExpressions": [{"key": "tier", "operator": "In", "values": ["db"]}]}
	not lib.selector_matches(selector, {"app": "a", "tier": "web"})
	lib.selector_matches(selector, {"app": "a", "tier": "db"})
}

test_unknown_operator_never_matches if {
	not lib.selector_matches({"matchExpressions": [{"key": "app", "operator": "Bogus"}]}, {"app": "a"})
}

test_containers_cover_init_ephemeral_and_cronjob if {
	spec := {
		"initContainers": [{"name": "init"}],
		"containers": [{"name": "main"}],
		"ephemeralContainers": [{"name": "debug"}],
	}
	found := {[c.name, c.path] | some c in lib.containers} with input as t.batch([t.cronjob("cj", spec)])
	found == {
		["init", ["spec", "jobTemplate", "spec", "template", "spec", "initContainers", 0]],
		["main", ["spec", "jobTemplate", "spec", "template", "spec", "containers", 0]],
		["debug", ["spec", "jobTemplate", "spec", "template", "spec", "ephemeralContainers", 0]],
	}
}

# An array (iterating it hashes nothing), workload by workload, each workload's groups and positions
# in order; probe-port keys containers by their position in it.
test_containers_are_an_array_in_order if {
	web := t.deployment("web", 1, {"app": "web"}, {"initContainers": [{"name": "init"}], "containers": [{"name": "a"}, {"name": "b"}]})
	cs := lib.containers with input as t.batch([web])
	is_array(cs)
	[[c.name, c.path] | some c in cs] == [
		["init", ["spec", "template", "spec", "initContainers", 0]],
		["a", ["spec", "template", "spec", "containers", 0]],
		["b", ["spec", "template", "spec", "containers", 1]],
	]
}

test_non_workloads_have_no_containers if {
	count(lib.containers) == 0 with input as t.batch([{"kind": "ConfigMap", "metadata": {"name": "c"}, "data": {}}])
}

test_namespace_defaults_to_input if {
	lib.namespace({"metadata": {"name": "a"}}) == "team" with input as {"defaultNamespace": "team"}
	lib.namespace({"metadata": {"name": "a", "namespace": "x"}}) == "x" with input as {"defaultNamespace": "team"}
}

test_effective_replicas_hpa_aware if {
	dep := t.deployment("web", 1, {"app": "web"}, t.good_pod_spec)
	replicas := {w.name: lib.effective_replicas(w) | some w in lib.workloads} with input as t.batch([dep, t.hpa("h", "Deployment", "web", 3)])
	replicas == {"web": 3}
	plain := {w.name: lib.effective_replicas(w) | some w in lib.workloads} with input as t.batch([dep])
	plain == {"web": 1}
}

test_hpa_in_other_namespace_ignored if {
	dep := t.deployment("web", 1, {"app": "web"}, t.good_pod_spec)
	hpa := json.patch(t.hpa("h", "Deployment", "web", 3), [{"op": "add", "path": "/metadata/namespace", "value": "other"}])
	replicas := {w.name: lib.effective_replicas(w) | some w in lib.workloads} with input as t.batch([dep, hpa])
	replicas == {"web": 1}
}

test_two_hpas_on_one_target_do_not_conflict if {
	dep := t.deployment("web", 1, {"app": "web"}, t.good_pod_spec)
	replicas := {w.name: lib.effective_replicas(w) | some w in lib.workloads} with input as t.batch([dep, t.hpa("h1", "Deployment", "web", 2), t.hpa("h2", "Deployment", "web", 5)])
	replicas == {"web": 2}
	first := {w.name: lib.effective_replicas(w) | some w in lib.workloads} with input as t.batch([dep, t.hpa("h1", "Deployment", "web", 5), t.hpa("h2", "Deployment", "web", 2)])
	first == {"web": 5}
}

test_selected_workloads_uses_label_index_and_full_selector if {
	a := t.deployment("a", 1, {"app": "a", "tier": "web"}, t.good_pod_spec)
	b := t.deployment("b", 1, {"app": "b", "tier": "web"}, t.good_pod_spec)
	c := json.patch(t.deployment("c", 1, {"app": "a", "tier": "db"}, t.good_pod_spec), [{"op": "add", "path": "/metadata/namespace", "value": "other"}])
	batch := t.batch([a, b, c])
	names(lib.selected_workloads("default", {"matchLabels": {"tier": "web"}})) == {"a", "b"} with input as batch
	names(lib.selected_workloads("default", {"matchLabels": {"tier": "web", "app": "b"}})) == {"b"} with input as batch
	names(lib.selected_workloads("other", {"matchLabels": {"app": "a"}})) == {"c"} with input as batch
	names(lib.selected_workloads("default", {"matchExpressions": [{"key": "app", "operator": "NotIn", "values": ["a"]}]})) == {"b"} with input as batch
	names(lib.selected_workloads("default", {})) == {"a", "b"} with input as batch
	count(lib.selected_workloads("default", {"matchLabels": {"app": "zzz"}})) == 0 with input as batch
}

names(workloads) := {w.name | some w in workloads}

test_candidates_narrowed_by_expressions if {
	a := t.deployment("a", 1, {"app": "a", "tier": "web"}, t.good_pod_spec)
	b := t.deployment("b", 1, {"app": "b"}, t.good_pod_spec)
	c := t.deployment("c", 1, {"app": "c", "tier": "db"}, t.good_pod_spec)
	batch := t.batch([a, b, c])
	two_ins := {"matchExpressions": [
		{"key": "tier", "operator": "In", "values": ["web", "db", "web"]},
		{"key": "app", "operator": "In", "values": ["a", "c"]},
	]}
	names(lib.selected_workloads("default", two_ins)) == {"a", "c"} with input as batch
	count(lib.candidates("default", two_ins)) == 2 with input as batch
	exists := {"matchExpressions": [{"key": "tier", "operator": "Exists"}, {"key": "app", "operator": "Exists"}]}
	names(lib.selected_workloads("default", exists)) == {"a", "c"} with input as batch
	count(lib.candidates("default", exists)) == 2 with input as batch
	not_in := {"matchExpressions": [{"key": "tier", "operator": "NotIn", "values": ["web"]}]}
	names(lib.selected_workloads("default", not_in)) == {"b", "c"} with input as batch
}

# Every kind of the workloads group has a pod spec the lib can find, and the other groups are
# workloads (a kind added to kinds.rego must be handled by workloads.rego).
test_kind_groups_are_workloads if {
	every kind in lib.kind_groups.workloads {
		count(lib.pod_spec_path(kind)) > 0
	}
	every group in ["templated-workloads", "long-running-workloads"] {
		every kind in lib.kind_groups[group] {
			kind in lib.kind_groups.workloads
		}
	}
}

rollout(name, replicas, labels, pod_spec) := {
	"apiVersion": "argoproj.io/v1alpha1",
	"kind": "Rollout",
	"metadata": {"name": name},
	"spec": {"replicas": replicas, "template": {"metadata": {"labels": labels}, "spec": pod_spec}},
}

rollout_kind := {
	"apiVersion": "argoproj.io/v1alpha1",
	"kind": "Rollout",
	"podSpecPath": ["spec", "template", "spec"],
	"podLabelsPath": ["spec", "template", "metadata", "labels"],
	"replicasPath": ["spec", "replicas"],
	"longRunning": true,
}

test_replication_controller_is_a_workload if {
	rc := {
		"apiVersion": "v1",
		"kind": "ReplicationController",
		"metadata": {"name": "rc"},
		"spec": {"replicas": 2, "template": {"metadata": {"labels": {"app": "rc"}}, "spec": t.good_pod_spec}},
	}
	ws := lib.workloads with input as t.batch([rc])
	ws[0].spec_path == ["spec", "template", "spec"]
	ws[0].labels == {"app": "rc"}
	lib.long_running(ws[0])
	lib.effective_replicas(ws[0]) == 2 with input as t.batch([rc])
}

test_custom_workload_kind_from_input if {
	obj := rollout("canary", 4, {"app": "canary"}, t.good_pod_spec)
	input_with_kind := object.union(t.batch([obj]), {"workloadKinds": [rollout_kind]})
	ws := lib.workloads with input as input_with_kind
	ws[0].kind == "Rollout"
	ws[0].labels == {"app": "canary"}
	lib.effective_replicas(ws[0]) == 4 with input as input_with_kind
	count(lib.containers) == 1 with input as input_with_kind
}

test_custom_kind_needs_matching_api_version if {
	obj := json.patch(rollout("canary", 4, {"app": "canary"}, t.good_pod_spec), [{"op": "replace", "path": "/apiVersion", "value": "example.com/v1"}])
	count(lib.workloads) == 0 with input as object.union(t.batch([obj]), {"workloadKinds": [rollout_kind]})
	count(lib.workloads) == 0 with input as t.batch([rollout("canary", 4, {"app": "canary"}, t.good_pod_spec)])
}

statefulset(name, labels) := {
	"apiVersion": "apps/v1",
	"kind": "StatefulSet",
	"metadata": {"name": name},
	"spec": {"replicas": 3, "selector": {"matchLabels": labels}, "template": {"metadata": {"labels": labels}, "spec": t.good_pod_spec}},
}

selected_names(selector, objects) := names if {
	names := {w.name | some w in lib.selected_workloads("default", selector)} with input as t.batch(objects)
}

test_statefulset_pod_name_selects_its_pod if {
	sts := statefulset("redis", {"app": "redis"})
	selected_names({"matchLabels": {"statefulset.kubernetes.io/pod-name": "redis-0"}}, [sts]) == {"redis"}
	selected_names({"matchLabels": {"app": "redis", "statefulset.kubernetes.io/pod-name": "redis-2"}}, [sts]) == {"redis"}
	selected_names({"matchLabels": {"apps.kubernetes.io/pod-index": "1"}}, [sts]) == {"redis"}
	count(selected_names({"matchLabels": {"statefulset.kubernetes.io/pod-name": "redis-x"}}, [sts])) == 0
	count(selected_names({"matchLabels": {"statefulset.kubernetes.io/pod-name": "cache-0"}}, [sts])) == 0
}

test_controller_keys_in_expressions if {
	sts := statefulset("redis", {"app": "redis"})
	selected_names({"matchExpressions": [{"key": "statefulset.kubernetes.io/pod-name", "operator": "In", "values": ["x-0", "redis-1"]}]}, [sts]) == {"redis"}
	selected_names({"matchExpressions": [{"key": "controller-revision-hash", "operator": "Exists"}]}, [sts]) == {"redis"}
	count(selected_names({"matchExpressions": [{"key": "controller-revision-hash", "operator": "DoesNotExist"}]}, [sts])) == 0
}

test_job_and_deployment_controller_labels if {
	job := {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "migrate"}, "spec": {"template": {"spec": t.good_pod_spec}}}
	selected_names({"matchLabels": {"batch.kubernetes.io/job-name": "migrate"}}, [job]) == {"migrate"}
	selected_names({"matchLabels": {"job-name": "migrate"}}, [job]) == {"migrate"}
	count(selected_names({"matchLabels": {"job-name": "other"}}, [job])) == 0
	manual := json.patch(job, [{"op": "add", "path": "/spec/manualSelector", "value": true}])
	count(selected_names({"matchLabels": {"job-name": "migrate"}}, [manual])) == 0
	dep := t.deployment("web", 2, {"app": "web"}, t.good_pod_spec)
	selected_names({"matchLabels": {"app": "web", "pod-template-hash": "7d9c5b8f4"}}, [dep]) == {"web"}
	count(selected_names({"matchLabels": {"pod-template-hash": "7d9c5b8f4", "app": "api"}}, [dep])) == 0
}

# Template labels that are not a map match no selector, not even an empty one (as before the
# selected_workloads shortcut for selectors naming no controller key).
test_labels_not_a_map_match_nothing if {
	d := json.patch(t.deployment("web", 1, {"app": "web"}, t.good_pod_spec), [{"op": "replace", "path": "/spec/template/metadata/labels", "value": null}])
	count(lib.selected_workloads("default", {})) == 0 with input as t.batch([d])
	not lib.selects_any("default", {}) with input as t.batch([d])
	count(lib.selected_workloads("default", {})) == 1 with input as t.batch([t.deployment("web", 1, {"app": "web"}, t.good_pod_spec)])
}

# A selector naming a controller key still gets the controller's labels.
test_selects_any_controller_keys if {
	d := t.deployment("web", 1, {"app": "web"}, t.good_pod_spec)
	lib.selects_any("default", {"matchLabels": {"app": "web"}, "matchExpressions": [{"key": "pod-template-hash", "operator": "Exists"}]}) with input as t.batch([d])
	not lib.selects_any("default", {"matchLabels": {"app": "web"}, "matchExpressions": [{"key": "pod-template-hash", "operator": "DoesNotExist"}]}) with input as t.batch([d])
}

test_quantity_not_a_number if {
	not lib.quantity("xMi")
	not lib.quantity("1.2.3Gi")
	not lib.quantity("")
	not lib.quantity("m")
	lib.quantity("1e3") == 1000
}

# Text the wasm to_number would take for a number that aborts the evaluation is no quantity
# (test/rules/quantity-wasm.test.ts runs these through the compiled policy).
test_quantity_malformed_decimal if {
	not lib.quantity("1e")
	not lib.quantity("E")
	not lib.quantity("e5")
	not lib.quantity(".")
	not lib.quantity("-")
	not lib.quantity("1eMi")
	lib.quantity(".5") == 0.5
	lib.quantity("010m") == 0.01
	lib.quantity("+1.5e1k") == 15000
}

# Digits alone are a decimal without the pattern; anything else goes to the pattern.
test_digits if {
	lib.digits("0")
	lib.digits("0128")
	not lib.digits("")
	not lib.digits("1.5")
	not lib.digits("1e3")
	not lib.digits("-1")
	not lib.digits(" 1")
	lib.decimal("0128") == 128
	lib.decimal("1.5e1") == 15
}

# A default-deny egress policy (empty podSelector) is kept once per namespace, not once per workload,
# and still restricts every workload of the namespace whose pod labels are a map.
test_egress_policies_of_a_namespace_are_kept_per_namespace if {
	web := t.deployment("web", 1, {"app": "web"}, t.good_pod_spec)
	api := t.deployment("api", 1, {"app": "api"}, t.good_pod_spec)
	unlabelled := json.patch(t.deployment("odd", 1, {}, t.good_pod_spec), [{"op": "replace", "path": "/spec/template/metadata/labels", "value": "not a map"}])
	deny := t.netpol("default-deny", {}, {"policyTypes": ["Egress"]})
	own := t.netpol("web", {"matchLabels": {"app": "web"}}, {"policyTypes": ["Egress"]})
	inputs := t.batch([web, api, unlabelled, deny, own])
	lib.egress_policies_by_workload == {0: {4}} with input as inputs
	lib.egress_policies_of_all == {"default": {3}} with input as inputs
	names := {w.name: sort([np.metadata.name | some np in lib.egress_policies_for(w)]) | some w in lib.workloads} with input as inputs
	names == {"web": ["default-deny", "web"], "api": ["default-deny"], "odd": []}
}

# egress_restricted and egress_policy_in answer for a workload what egress_policies_for lists,
# without building that list: the default-deny policy counts for labelled pods only.
test_egress_restricted_and_policy_in_agree_with_egress_policies_for if {
	web := t.deployment("web", 1, {"app": "web"}, t.good_pod_spec)
	api := t.deployment("api", 1, {"app": "api"}, t.good_pod_spec)
	unlabelled := json.patch(t.deployment("odd", 1, {}, t.good_pod_spec), [{"op": "replace", "path": "/spec/template/metadata/labels", "value": "not a map"}])
	deny := t.netpol("default-deny", {}, {"policyTypes": ["Egress"]})
	own := t.netpol("web", {"matchLabels": {"app": "web"}}, {"policyTypes": ["Egress"]})
	inputs := t.batch([web, api, unlabelled, deny, own])
	restricted := {w.name | some w in lib.workloads; lib.egress_restricted(w)} with input as inputs
	restricted == {"web", "api"}
	in_own := {w.name | some w in lib.workloads; lib.egress_policy_in(w, {4})} with input as inputs
	in_own == {"web"}
	in_deny := {w.name | some w in lib.workloads; lib.egress_policy_in(w, {3})} with input as inputs
	in_deny == {"web", "api"}
	in_none := {w.name | some w in lib.workloads; lib.egress_policy_in(w, {0, 1, 2})} with input as inputs
	in_none == set()
	alone := t.batch([t.deployment("solo", 1, {"app": "solo"}, t.good_pod_spec)])
	not_restricted := {w.name | some w in lib.workloads; not lib.egress_restricted(w)} with input as alone
	not_restricted == {"solo"}
}
