# METADATA
# title: "NetworkPolicy egress rules name their destinations"
# description: "An egress rule with no destinations (or a 0.0.0.0/0 or ::/0 ipBlock without except) allows any host: on every port when it lists no ports, which defeats the policy, and on its ports otherwise (egress to any host on 443 is an open exfiltration path). Rules that only open DNS (port 53) may reach any host."
# custom:
#   id: networkpolicy-open-egress
#   severity: warning
#   kinds: [NetworkPolicy]
#   scope: resource
#   remediation: "List the destinations the pods need in the rule's to: pod/namespace selectors, or narrow ipBlocks."
package kubelint.rules.networkpolicy_open_egress

import data.kubelint.lib

violation contains v if {
	some i, np in lib.objects
	np.kind == "NetworkPolicy"
	some pos, rule in np.spec.egress
	open_destination(rule)
	ports := object.get(rule, "ports", [])
	not dns_only(ports)
	v := {
		"index": i,
		"msg": concat("", ["NetworkPolicy ", lib.quote(object.get(np.metadata, "name", "")), " egress rule ", format_int(pos, 10), " allows every destination ", scope(ports), "; list the destinations it needs in its to"]),
		"path": ["spec", "egress", pos],
	}
}

open_destination(rule) if count(object.get(rule, "to", [])) == 0

open_destination(rule) if {
	some peer in rule.to
	peer.ipBlock.cidr in {"0.0.0.0/0", "::/0"}
	count(object.get(peer.ipBlock, "except", [])) == 0
}

# DNS goes to whatever resolver the node uses, so a DNS-only rule may name no destination.
dns_only(ports) if {
	count(ports) > 0
	every p in ports {
		object.get(p, "port", null) in {53, "dns", "dns-tcp"}
	}
}

scope(ports) := "on every port" if count(ports) == 0

scope(ports) := concat("", ["on port ", concat(", ", sort([port_name(p) | some p in ports]))]) if count(ports) > 0

port_name(p) := concat("/", [port_value(object.get(p, "port", "all")), object.get(p, "protocol", "TCP")])

port_value(x) := format_int(x, 10) if is_number(x)

port_value(x) := x if is_string(x)
