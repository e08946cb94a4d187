package kubelint.rules.ingress_backend_test

import data.kubelint.rules.ingress_backend as rule
import data.kubelint.testutil as t

svc(name, ports) := {"apiVersion": "v1", "kind": "Service", "metadata": {"name": name}, "spec": {"ports": ports}}

ing(service) := {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "i"}, "spec": {"rules": [{"http": {"paths": [{"path": "/", "pathType": "Prefix", "backend": {"service": service}}]}}]}}

web := svc("web", [{"name": "http", "port": 80}])

test_existing_service_and_port_pass if {
	count(rule.violation) == 0 with input as t.batch([web, ing({"name": "web", "port": {"number": 80}})])
	count(rule.violation) == 0 with input as t.batch([web, ing({"name": "web", "port": {"name": "http"}})])
}

test_missing_service_fails if {
	t.paths(rule.violation) == {["spec", "rules", 0, "http", "paths", 0, "backend", "service", "name"]} with input as t.batch([web, ing({"name": "api", "port": {"number": 80}})])
}

test_missing_port_fails if {
	t.paths(rule.violation) == {["spec", "rules", 0, "http", "paths", 0, "backend", "service", "port", "number"]} with input as t.batch([web, ing({"name": "web", "port": {"number": 8080}})])
	t.paths(rule.violation) == {["spec", "rules", 0, "http", "paths", 0, "backend", "service", "port", "name"]} with input as t.batch([web, ing({"name": "web", "port": {"name": "https"}})])
}

test_default_backend_and_other_namespace if {
	other := json.patch(web, [{"op": "add", "path": "/metadata/namespace", "value": "other"}])
	i := {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "i"}, "spec": {"defaultBackend": {"service": {"name": "web", "port": {"number": 80}}}}}
	t.paths(rule.violation) == {["spec", "defaultBackend", "service", "name"]} with input as t.batch([other, i])
}

test_service_unknown_to_the_inventory_is_not_judged if {
	count(rule.violation) == 0 with input as object.union(t.batch([ing({"name": "api", "port": {"number": 80}})]), {"knownKinds": ["Deployment"]})
}

test_a_service_twice_in_the_batch_is_no_conflict if {
	count(rule.violation) == 0 with input as t.batch([web, web, ing({"name": "web", "port": {"number": 80}})])
	count(rule.violation) == 1 with input as t.batch([web, web, ing({"name": "web", "port": {"number": 81}})])
}
