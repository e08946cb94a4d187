# METADATA
# title: "Egress-restricted pods can resolve DNS"
# description: "Pods whose egress is restricted by NetworkPolicies need an egress rule that allows DNS (port 53 over UDP or TCP, or all ports), or every name lookup fails."
# custom:
#   id: networkpolicy-dns
#   severity: warning
#   kinds: [workloads]
#   scope: batch
#   reads: [NetworkPolicy]
#   remediation: "Add an egress rule allowing UDP and TCP port 53 (to the cluster DNS pods) to a policy selecting the pods."
package kubelint.rules.networkpolicy_dns

import data.kubelint.lib

dns_port_names := {"dns", "dns-tcp"}

violation contains v if {
	some w in lib.workloads
	policies := lib.egress_policies_for(w)
	count(policies) > 0
	not allows_dns(policies)
	v := {
		"index": w.index,
		"msg": concat("", [lib.describe_workload(w), " has restricted egress but none of the NetworkPolicies selecting it (", concat(", ", sort([lib.quote(np.metadata.name) | some np in policies])), ") allows DNS; add an egress rule for port 53 over UDP and TCP"]),
		"path": ["metadata", "name"],
	}
}

allows_dns(policies) if {
	some np in policies
	some rule in np.spec.egress
	rule_allows_dns(rule)
}

# A rule without ports allows every port, DNS included.
rule_allows_dns(rule) if count(object.get(rule, "ports", [])) == 0

rule_allows_dns(rule) if {
	some port in rule.ports
	object.get(port, "protocol", "TCP") in {"UDP", "TCP"}
	port_covers_dns(port)
}

port_covers_dns(port) if not port.port

port_covers_dns(port) if port.port == 53

port_covers_dns(port) if dns_port_names[port.port]

port_covers_dns(port) if {
	port.port <= 53
	53 <= port.endPort
}
