package kubelint.rules.selector_dangling_test

import data.kubelint.rules.selector_dangling as rule
import data.kubelint.testutil as t

web := t.deployment("web", 2, {"app": "web", "tier": "front"}, t.good_pod_spec)

service(selector) := {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "svc"}, "spec": {"selector": selector, "ports": [{"port": 80}]}}

test_everything_attached_passes if {
	count(rule.violation) == 0 with input as t.batch([
		web,
		service({"app": "web"}),
		t.pdb("p", {"matchExpressions": [{"key": "tier", "operator": "In", "values": ["front"]}]}, {"maxUnavailable": 1}),
		t.netpol("np", {"matchLabels": {"app": "web"}}, {"policyTypes": ["Egress"]}),
		t.netpol("all", {}, {"policyTypes": ["Egress"]}),
		t.hpa("h", "Deployment", "web", 2),
		{"kind": "Service", "metadata": {"name": "external"}, "spec": {"type": "ExternalName", "externalName": "example.com"}},
	])
}

test_dangling_everything if {
	vs := rule.violation with input as t.batch([
		web,
		service({"app": "api"}),
		t.pdb("p", {"matchLabels": {"app": "api"}}, {"maxUnavailable": 1}),
		t.netpol("np", {"matchLabels": {"app": "api"}}, {"policyTypes": ["Egress"]}),
		t.hpa("h", "Deployment", "api", 2),
	])
	{[v.index, v.path] | some v in vs} == {
		[1, ["spec", "selector"]],
		[2, ["spec", "selector"]],
		[3, ["spec", "podSelector"]],
		[4, ["spec", "scaleTargetRef"]],
	}
}

test_namespaces_are_respected if {
	svc := json.patch(service({"app": "web"}), [{"op": "add", "path": "/metadata/namespace", "value": "other"}])
	count(rule.violation) == 1 with input as t.batch([web, svc])
}

test_hpa_target_of_an_unknown_kind_is_not_judged if {
	rollout := t.hpa("h", "Rollout", "web", 2)
	count(rule.violation) == 0 with input as object.union(t.batch([rollout]), {"knownKinds": ["Deployment"]})
	count(rule.violation) == 1 with input as object.union(t.batch([t.hpa("h", "Deployment", "web", 2)]), {"knownKinds": ["Deployment"]})
	count(rule.violation) == 1 with input as t.batch([rollout])
}

test_hpa_kind_must_match if {
	count(rule.violation) == 1 with input as t.batch([web, t.hpa("h", "StatefulSet", "web", 2)])
}
