# METADATA
# title: "NetworkPolicy peers select pods"
# description: "A from/to peer with a non-empty podSelector and no namespaceSelector means pods of the policy's own namespace; when no workload there has matching labels, the rule allows nothing (usually a typo in a label). Peers with a namespaceSelector are not judged (their pods are in other namespaces)."
# custom:
#   id: networkpolicy-peer-dangling
#   severity: warning
#   kinds: [NetworkPolicy]
#   presets: [recommended]
#   scope: batch
#   reads: [workloads]
#   remediation: "Fix the peer's podSelector so it matches the pods' labels, or remove the peer."
package kubelint.rules.networkpolicy_peer_dangling

import data.kubelint.lib

directions := {"ingress": "from", "egress": "to"}

violation contains v if {
	some i, np in lib.objects
	np.kind == "NetworkPolicy"
	some direction, peers_key in directions
	some r, rule in object.get(np.spec, direction, [])
	some k, peer in object.get(rule, peers_key, [])
	selector := peer.podSelector
	not peer.namespaceSelector
	not lib.empty_selector(selector)
	ns := lib.namespace(np)
	count(lib.selected_workloads(ns, selector)) == 0
	v := {
		"index": i,
		"msg": concat("", ["NetworkPolicy ", lib.quote(np.metadata.name), " ", direction, "[", format_int(r, 10), "].", peers_key, "[", format_int(k, 10), "] selects no pods: no workload in namespace ", lib.quote(ns), " matches its podSelector; fix the labels or remove the peer"]),
		"path": ["spec", direction, r, peers_key, k, "podSelector"],
	}
}
