package kubelint.rules.pdb_required_test

import data.kubelint.rules.pdb_required as rule
import data.kubelint.testutil as t

web(replicas) := t.deployment("web", replicas, {"app": "web", "tier": "front"}, t.good_pod_spec)

test_single_replica_needs_no_pdb if {
	count(rule.violation) == 0 with input as t.batch([web(1)])
}

test_two_replicas_without_pdb if {
	t.paths(rule.violation) == {["spec", "replicas"]} with input as t.batch([web(2)])
}

test_pdb_with_match_expressions_covers if {
	pdb := t.pdb("web", {"matchExpressions": [{"key": "tier", "operator": "In", "values": ["front"]}]}, {"maxUnavailable": 1})
	count(rule.violation) == 0 with input as t.batch([web(3), pdb])
}

test_pdb_in_other_namespace_does_not_cover if {
	pdb := json.patch(t.pdb("web", {"matchLabels": {"app": "web"}}, {"maxUnavailable": 1}), [{"op": "add", "path": "/metadata/namespace", "value": "other"}])
	count(rule.violation) == 1 with input as t.batch([web(3), pdb])
}

test_pdb_selecting_other_pods_does_not_cover if {
	pdb := t.pdb("api", {"matchLabels": {"app": "api"}}, {"maxUnavailable": 1})
	count(rule.violation) == 1 with input as t.batch([web(3), pdb])
}

test_hpa_min_replicas_counts if {
	vs := rule.violation with input as t.batch([web(1), t.hpa("web", "Deployment", "web", 2)])
	t.paths(vs) == {["metadata", "name"]}
	some v in vs
	contains(v.msg, "HorizontalPodAutoscaler")
}

test_hpa_min_one_overrides_replicas if {
	count(rule.violation) == 0 with input as t.batch([web(3), t.hpa("web", "Deployment", "web", 1)])
}

test_min_replicas_option if {
	count(rule.violation) == 0 with input as t.with_params([web(2)], {"pdb-required": {"minReplicas": 3}})
}

test_daemonset_and_replicaset_not_checked if {
	ds := object.union(web(3), {"kind": "DaemonSet"})
	count(rule.violation) == 0 with input as t.batch([ds])
}

test_custom_kind_with_replicas_is_guarded if {
	rollout := {
		"apiVersion": "argoproj.io/v1alpha1",
		"kind": "Rollout",
		"metadata": {"name": "canary"},
		"spec": {"replicas": 3, "template": {"metadata": {"labels": {"app": "canary"}}, "spec": t.good_pod_spec}},
	}
	kind := {"apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout", "podSpecPath": ["spec", "template", "spec"], "podLabelsPath": ["spec", "template", "metadata", "labels"], "replicasPath": ["spec", "replicas"], "longRunning": true}
	t.paths(rule.violation) == {["spec", "replicas"]} with input as object.union(t.batch([rollout]), {"workloadKinds": [kind]})
}
