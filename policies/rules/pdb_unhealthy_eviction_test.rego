package kubelint.rules.pdb_unhealthy_eviction_test

import data.kubelint.rules.pdb_unhealthy_eviction as rule
import data.kubelint.testutil as t

test_unset_fails if {
	t.paths(rule.violation) == {["spec", "unhealthyPodEvictionPolicy"]} with input as t.batch([t.pdb("p", {}, {"maxUnavailable": 1})])
}

test_explicit_passes if {
	count(rule.violation) == 0 with input as t.batch([t.pdb("p", {}, {"unhealthyPodEvictionPolicy": "AlwaysAllow"})])
	count(rule.violation) == 0 with input as t.batch([t.pdb("p", {}, {"unhealthyPodEvictionPolicy": "IfHealthyBudget"})])
}
