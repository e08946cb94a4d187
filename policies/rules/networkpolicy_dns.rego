# METADATA
# title: "Egress-restricted pods can resolve DNS"
# description: "Pods whose egress is restricted by NetworkPolicies need an egress rule that allows DNS (port 53 over UDP or TCP, or all ports to peers that can be the cluster DNS), or every name lookup fails."
# custom:
#   id: networkpolicy-dns
#   severity: warning
#   kinds: [workloads]
#   scope: batch
#   reads: [NetworkPolicy]
#   fields: ["podspec.hostNetwork", "spec.policyTypes", "spec.egress", "spec.podSelector", "podmeta.labels", "spec.manualSelector", "spec.completionMode", "spec.jobTemplate.spec.completionMode"]
#   remediation: "Add an egress rule allowing UDP and TCP port 53 (to the cluster DNS pods) to a policy selecting the pods."
package kubelint.rules.networkpolicy_dns

import data.kubelint.lib

dns_port_names := {"dns", "dns-tcp"}

# kube-system's own label, set by the API server on every namespace.
kube_system_labels := {"kubernetes.io/metadata.name": "kube-system"}

# The label CoreDNS and kube-dns pods carry in kubeadm, GKE, EKS, AKS and most distributions.
dns_pod_labels := {"k8s-app": "kube-dns"}

# Where the cluster DNS can sit: private, shared (CGNAT) and link-local ranges (NodeLocal DNSCache
# listens on 169.254.20.10), in IPv4 and IPv6. The service IP itself is not knowable from manifests.
cluster_ranges := ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16", "fc00::/7", "fe80::/10"]

violation contains v if {
	some w in lib.workloads
	not lib.host_network(w)
	lib.egress_restricted(w)
	not lib.egress_policy_in(w, dns_allowing)
	policies := lib.egress_policies_for(w)
	v := {
		"index": w.index,
		"msg": concat("", [lib.describe_workload(w), " has restricted egress but none of the NetworkPolicies selecting it (", concat(", ", sort([lib.quote(np.metadata.name) | some np in policies])), ") allows DNS; add an egress rule for port 53 over UDP and TCP"]),
		"path": ["metadata", "name"],
	}
}

# Indexes of the NetworkPolicies with an egress rule that allows DNS, each policy judged once.
dns_allowing contains i if {
	some i, np in lib.objects
	np.kind == "NetworkPolicy"
	some rule in np.spec.egress
	rule_allows_dns(np, rule)
}

# A rule without ports allows every port, DNS included, if it can reach the cluster DNS: a rule
# that reaches only one app's pods does not. (A rule that names port 53 is taken at its word.)
rule_allows_dns(np, rule) if {
	count(object.get(rule, "ports", [])) == 0
	reaches_cluster_dns(np, rule)
}

rule_allows_dns(_, rule) if {
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

reaches_cluster_dns(_, rule) if count(object.get(rule, "to", [])) == 0

reaches_cluster_dns(np, rule) if {
	some peer in rule.to
	peer_can_be_dns(np, peer)
}

peer_can_be_dns(_, peer) if {
	some range in cluster_ranges
	net.cidr_intersects(peer.ipBlock.cidr, range)
}

peer_can_be_dns(_, peer) if {
	is_object(peer.namespaceSelector)
	can_select_kube_system(peer.namespaceSelector)
	can_select_dns_pods(object.get(peer, "podSelector", {}))
}

# A podSelector alone selects pods of the policy's own namespace.
peer_can_be_dns(np, peer) if {
	not peer.namespaceSelector
	is_object(peer.podSelector)
	lib.namespace(np) == "kube-system"
	can_select_dns_pods(peer.podSelector)
}

can_select_kube_system(selector) if lib.selector_matches(selector, kube_system_labels)

# A selector on a label of the admins' own (e.g. name: kube-system) that names kube-system.
can_select_kube_system(selector) if "kube-system" in selector_values(selector)

can_select_dns_pods(selector) if lib.selector_matches(selector, dns_pod_labels)

can_select_dns_pods(selector) if {
	some value in selector_values(selector)
	contains(value, "dns")
}

selector_values(selector) := {v | some v in object.get(selector, "matchLabels", {})} | {v |
	some expr in object.get(selector, "matchExpressions", [])
	expr.operator == "In"
	some v in expr.values
}
