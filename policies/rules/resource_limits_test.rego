package kubelint.rules.resource_limits_test

import data.kubelint.rules.resource_limits as rule
import data.kubelint.testutil as t

with_resources(resources) := {"containers": [t.set_fields(t.good_container("a"), {"resources": resources})]}

limit_path(r) := ["spec", "containers", 0, "resources", "limits", r]

test_compliant if {
	count(rule.violation) == 0 with input as t.batch([t.pod("p", t.good_pod_spec)])
}

test_missing_cpu_limit_unless_configured_off if {
	spec := with_resources({"requests": {"cpu": "1", "memory": "1Gi"}, "limits": {"memory": "1Gi"}})
	t.paths(rule.violation) == {limit_path("cpu")} with input as t.batch([t.pod("p", spec)])
	count(rule.violation) == 0 with input as t.with_params([t.pod("p", spec)], {"resource-limits": {"requireCpuLimit": false}})
}

test_memory_limit_always_required if {
	spec := with_resources({"requests": {"cpu": "1", "memory": "1Gi"}, "limits": {"cpu": "1"}})
	t.paths(rule.violation) == {limit_path("memory")} with input as t.with_params([t.pod("p", spec)], {"resource-limits": {"requireCpuLimit": false}})
}

test_limit_below_request_compares_quantities if {
	spec := with_resources({"requests": {"cpu": "1500m", "memory": "1Gi"}, "limits": {"cpu": "1", "memory": "1G"}})
	t.paths(rule.violation) == {limit_path("cpu"), limit_path("memory")} with input as t.batch([t.pod("p", spec)])
}

test_equal_in_different_units_passes if {
	spec := with_resources({"requests": {"cpu": "1000m", "memory": "1024Mi"}, "limits": {"cpu": 1, "memory": "1Gi"}})
	count(rule.violation) == 0 with input as t.batch([t.pod("p", spec)])
}

test_message_shows_fractional_numbers if {
	spec := with_resources({"requests": {"cpu": 0.75, "memory": "1Gi"}, "limits": {"cpu": 0.5, "memory": "1Gi"}})
	some v in rule.violation with input as t.batch([t.pod("p", spec)])
	contains(v.msg, "resources.limits.cpu (0.5) below resources.requests.cpu (0.75)")
}

sized(name, limits, requests) := t.set_fields(t.good_container(name), {"resources": {"limits": limits, "requests": requests}})

# Each distinct [limit, request] pair is compared once; only pairs with the limit below are kept,
# text that is no quantity is in none, and equal texts are never compared.
test_below_pairs if {
	spec := {"containers": [
		sized("a", {"cpu": "200m", "memory": "1Gi"}, {"cpu": "500m", "memory": "1Gi"}),
		sized("b", {"cpu": "200m", "memory": "1G"}, {"cpu": "500m", "memory": "1Gi"}),
		sized("c", {"cpu": 0.5, "memory": "2Gi"}, {"cpu": "1", "memory": "1Gi"}),
		sized("d", {"cpu": "1e", "memory": "x"}, {"cpu": "2", "memory": "1Gi"}),
	]}
	rule.below == {["200m", "500m"], ["1G", "1Gi"], [0.5, "1"]} with input as t.batch([t.pod("p", spec)])
}
