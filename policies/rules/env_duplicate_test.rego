package kubelint.rules.env_duplicate_test

import data.kubelint.rules.env_duplicate as rule
import data.kubelint.testutil as t

violations(env) := vs if {
	c := object.union(t.good_container("a"), {"env": env})
	vs := rule.violation with input as t.batch([t.pod("p", {"containers": [c]})])
}

test_duplicate_reported_at_the_later_one if {
	t.paths(violations([{"name": "A", "value": "1"}, {"name": "B", "value": "2"}, {"name": "A", "value": "3"}])) == {["spec", "containers", 0, "env", 2, "name"]}
}

test_three_definitions_give_two_findings if {
	count(violations([{"name": "A", "value": "1"}, {"name": "A", "value": "2"}, {"name": "A", "value": "3"}])) == 2
}

test_unique_names_pass if {
	count(violations([{"name": "A", "value": "1"}, {"name": "a", "value": "2"}])) == 0
}
