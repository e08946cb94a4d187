# NetworkPolicy semantics shared by the egress rules.
package kubelint.lib

# A policy restricts egress when policyTypes lists Egress, or when it has egress rules and no
# policyTypes (the API server then defaults policyTypes to include Egress).
restricts_egress(np) if "Egress" in np.spec.policyTypes

restricts_egress(np) if {
	not np.spec.policyTypes
	_ = np.spec.egress
}

policy_selects(np, w) if selector_matches(object.get(np.spec, "podSelector", {}), w.labels)

# Indexes of egress-restricting NetworkPolicies, by namespace.
egress_policies_by_ns[ns] := [i |
	some i in by_kind_ns.NetworkPolicy[ns]
	restricts_egress(objects[i])
] if some ns in namespaces

# NetworkPolicies that restrict the egress of a workload's pods.
egress_policies_for(w) := [objects[i] |
	some i in egress_policies_by_ns[w.namespace]
	policy_selects(objects[i], w)
]
