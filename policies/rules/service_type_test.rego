package kubelint.rules.service_type_test

import data.kubelint.rules.service_type as rule
import data.kubelint.testutil as t

svc(spec) := {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}, "spec": spec}

test_node_port_and_load_balancer_fail if {
	t.paths(rule.violation) == {["spec", "type"]} with input as t.batch([svc({"type": "NodePort"})])
	count(rule.violation) == 1 with input as t.batch([svc({"type": "LoadBalancer"})])
}

test_default_types_pass if {
	count(rule.violation) == 0 with input as t.batch([svc({}), svc({"type": "ClusterIP"}), svc({"type": "ExternalName"})])
}

test_allowed_option if {
	count(rule.violation) == 0 with input as t.with_params([svc({"type": "LoadBalancer"})], {"service-type": {"allowed": ["ClusterIP", "LoadBalancer"]}})
	count(rule.violation) == 1 with input as t.with_params([svc({})], {"service-type": {"allowed": ["LoadBalancer"]}})
}
