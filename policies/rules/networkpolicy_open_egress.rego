# METADATA
# title: "NetworkPolicy egress rules are not wide open"
# description: "An egress rule with no destinations (or a 0.0.0.0/0 or ::/0 ipBlock without except) and no ports allows everything, which defeats the policy."
# custom:
#   id: networkpolicy-open-egress
#   severity: warning
#   kinds: [NetworkPolicy]
#   scope: resource
#   remediation: "Restrict the rule's to (pod/namespace selectors or narrower ipBlocks) or its ports."
package kubelint.rules.networkpolicy_open_egress

import data.kubelint.lib

violation contains v if {
	some i, np in lib.objects
	np.kind == "NetworkPolicy"
	some pos, rule in np.spec.egress
	open_destination(rule)
	count(object.get(rule, "ports", [])) == 0
	v := {
		"index": i,
		"msg": concat("", ["NetworkPolicy ", lib.quote(object.get(np.metadata, "name", "")), " egress rule ", format_int(pos, 10), " allows every destination on every port; restrict its to or its ports"]),
		"path": ["spec", "egress", pos],
	}
}

open_destination(rule) if count(object.get(rule, "to", [])) == 0

open_destination(rule) if {
	some peer in rule.to
	peer.ipBlock.cidr in {"0.0.0.0/0", "::/0"}
	count(object.get(peer.ipBlock, "except", [])) == 0
}
