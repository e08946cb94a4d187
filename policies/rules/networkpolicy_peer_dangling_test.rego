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
