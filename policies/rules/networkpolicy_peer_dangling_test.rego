package kubelint.rules.networkpolicy_peer_dangling_test

import data.kubelint.rules.networkpolicy_peer_dangling as rule
import data.kubelint.testutil as t

web := t.deployment("web", 1, {"app": "web"}, t.good_pod_spec)

policy(peer) := t.netpol("p", {}, {"ingress": [{"from": [peer]}], "egress": [{"to": [peer]}]})

test_peer_matching_nothing_fails_in_both_directions if {
	t.paths(rule.violation) == {["spec", "ingress", 0, "from", 0, "podSelector"], ["spec", "egress", 0, "to", 0, "podSelector"]} with input as t.batch([web, policy({"podSelector": {"matchLabels": {"app": "api"}}})])
}

test_matching_empty_and_namespaced_peers_pass if {
	count(rule.violation) == 0 with input as t.batch([web, policy({"podSelector": {"matchLabels": {"app": "web"}}})])
	count(rule.violation) == 0 with input as t.batch([web, policy({"podSelector": {}})])
	count(rule.violation) == 0 with input as t.batch([web, policy({"podSelector": {"matchLabels": {"app": "api"}}, "namespaceSelector": {}})])
	count(rule.violation) == 0 with input as t.batch([web, policy({"ipBlock": {"cidr": "10.0.0.0/8"}})])
}

# Each distinct [namespace, selector] is matched once: every policy repeating a dangling peer is
# reported, and the same selector is judged in each namespace on its own.
test_repeated_peer_reported_per_policy_and_namespace if {
	peer := {"podSelector": {"matchLabels": {"app": "db"}}}
	db := t.deployment("db", 1, {"app": "db"}, t.good_pod_spec)
	a := t.netpol("a", {}, {"egress": [{"to": [peer]}]})
	b := t.netpol("b", {}, {"egress": [{"to": [peer]}]})
	found := {[v.index, v.path[1]] | some v in rule.violation} with input as t.batch([in_ns(a, "x"), in_ns(b, "x"), in_ns(a, "y"), in_ns(db, "y")])
	found == {[0, "egress"], [1, "egress"]}
}

in_ns(obj, ns) := json.patch(obj, [{"op": "add", "path": "/metadata/namespace", "value": ns}])
