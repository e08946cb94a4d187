# NetworkPolicy semantics shared by the egress rules.
package kubelint.lib

# A policy restricts egress when policyTypes lists Egress, or when it has egress rules and no
# policyTypes (the API server then defaults policyTypes to include Egress).
restricts_egress(np) if "Egress" in np.spec.policyTypes

restricts_egress(np) if {
	not np.spec.policyTypes
	_ = np.spec.egress
}

# {workload index: {indexes of the egress-restricting NetworkPolicies selecting its pods}}, for
# policies with a selector that names labels.
egress_policies_by_workload[w.index] contains i if {
	some i, np in objects
	np.kind == "NetworkPolicy"
	restricts_egress(np)
	selector := object.get(np.spec, "podSelector", {})
	not empty_selector(selector)
	some w in selected_workloads(namespace(np), selector)
}

# {namespace: {indexes of the egress-restricting NetworkPolicies selecting all its pods}}: a
# default-deny policy kept per namespace, not per workload (a namespace of n workloads and k such
# policies made n x k entries).
egress_policies_of_all[namespace(np)] contains i if {
	some i, np in objects
	np.kind == "NetworkPolicy"
	restricts_egress(np)
	empty_selector(object.get(np.spec, "podSelector", {}))
}

# Whether some NetworkPolicy restricts the egress of a workload's pods (egress_policies_for is not
# empty), without building the list of policies for every workload.
egress_restricted(w) if _ = egress_policies_by_workload[w.index]

egress_restricted(w) if {
	is_object(w.labels)
	_ = egress_policies_of_all[w.namespace]
}

# Whether a policy of egress_policies_for(w) is in a set of policy indexes: a rule that judges each
# policy once (a set over lib.objects) asks this per workload instead of judging every workload's
# policies again (a namespace's default-deny policies select all of its n workloads).
egress_policy_in(w, indexes) if {
	some i in egress_policies_by_workload[w.index]
	indexes[i]
}

egress_policy_in(w, indexes) if {
	is_object(w.labels)
	some i in egress_policies_of_all[w.namespace]
	indexes[i]
}

# NetworkPolicies that restrict the egress of a workload's pods. An empty selector selects the pods
# whose labels are a map (selected_workloads).
egress_policies_for(w) := array.concat(
	[objects[i] | some i in object.get(egress_policies_by_workload, w.index, [])],
	[objects[i] | is_object(w.labels); some i in object.get(egress_policies_of_all, w.namespace, [])],
)

# Pods on the node's network namespace: NetworkPolicies do not apply to them (the CNI enforces
# policies on pod network interfaces only), so the NetworkPolicy rules do not ask them for any.
host_network(w) if w.spec.hostNetwork == true
