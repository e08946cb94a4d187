package kubelint.rules.pdb_allows_eviction_test

import data.kubelint.rules.pdb_allows_eviction as rule
import data.kubelint.testutil as t

sel := {"matchLabels": {"app": "web"}}

web(replicas) := t.deployment("web", replicas, {"app": "web"}, t.good_pod_spec)

test_max_unavailable_one_passes if {
	count(rule.violation) == 0 with input as t.batch([web(3), t.pdb("p", sel, {"maxUnavailable": 1})])
}

test_max_unavailable_zero_fails if {
	t.paths(rule.violation) == {["spec", "maxUnavailable"]} with input as t.batch([web(3), t.pdb("p", sel, {"maxUnavailable": 0})])
	t.paths(rule.violation) == {["spec", "maxUnavailable"]} with input as t.batch([web(3), t.pdb("p", sel, {"maxUnavailable": "0%"})])
}

test_min_available_100_percent_fails if {
	t.paths(rule.violation) == {["spec", "minAvailable"]} with input as t.batch([web(3), t.pdb("p", sel, {"minAvailable": "100%"})])
}

test_min_available_vs_replicas if {
	count(rule.violation) == 1 with input as t.batch([web(2), t.pdb("p", sel, {"minAvailable": 2})])
	count(rule.violation) == 0 with input as t.batch([web(3), t.pdb("p", sel, {"minAvailable": 2})])
}

test_min_available_counts_hpa_replicas if {
	count(rule.violation) == 1 with input as t.batch([web(5), t.hpa("h", "Deployment", "web", 2), t.pdb("p", sel, {"minAvailable": 2})])
}

test_min_available_sums_selected_workloads if {
	other := t.deployment("web-canary", 1, {"app": "web"}, t.good_pod_spec)
	count(rule.violation) == 0 with input as t.batch([web(2), other, t.pdb("p", sel, {"minAvailable": 2})])
}

test_percentage_rounds_up if {
	count(rule.violation) == 1 with input as t.batch([web(2), t.pdb("p", sel, {"minAvailable": "60%"})])
	count(rule.violation) == 0 with input as t.batch([web(4), t.pdb("p", sel, {"minAvailable": "50%"})])
}

test_min_available_with_no_selected_workloads_is_not_judged if {
	count(rule.violation) == 0 with input as t.batch([t.pdb("p", sel, {"minAvailable": 5})])
}
