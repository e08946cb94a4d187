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
#   fields: ["spec.ingress", "spec.egress", "podmeta.labels", "spec.manualSelector", "spec.completionMode", "spec.jobTemplate.spec.completionMode"]
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
	selector := judged_selector(peer)
	ns := lib.namespace(np)
	dangling[[ns, selector]]
	v := {
		"index": i,
		"msg": concat("", ["NetworkPolicy ", lib.quote(np.metadata.name), " ", direction, "[", format_int(r, 10), "].", peers_key, "[", format_int(k, 10), "] selects no pods: no workload in namespace ", lib.quote(ns), " matches its podSelector; fix the labels or remove the peer"]),
		"path": ["spec", direction, r, peers_key, k, "podSelector"],
	}
}

# A peer's podSelector when it is judged: no namespaceSelector, not empty.
judged_selector(peer) := selector if {
	selector := peer.podSelector
	not peer.namespaceSelector
	not lib.empty_selector(selector)
}

# [namespace, selector] of the judged peers that select nothing. Policies repeat their peers ("to the
# database", "from the ingress controller"), so each distinct one is matched against the
# namespace's workloads once (a complete rule: evaluated once per evaluation).
dangling := {key |
	some key in {[lib.namespace(np), selector] |
		some np in lib.objects
		np.kind == "NetworkPolicy"
		some direction, peers_key in directions
		some rule in object.get(np.spec, direction, [])
		some peer in object.get(rule, peers_key, [])
		selector := judged_selector(peer)
	}
	not lib.selects_any(key[0], key[1])
}
