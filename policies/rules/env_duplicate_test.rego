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

# Interleaved names: each definition pairs with the previous one of its name (env[j] and env[k]).
test_interleaved_names_pair_with_their_previous_definition if {
	vs := violations([{"name": "A"}, {"name": "B"}, {"name": "A"}, {"name": "C"}, {"name": "B"}, {"name": "A"}])
	{[v.path[4], v.msg] | some v in vs} == {
		[2, `container "a" of Pod "p" defines env A again (env[0] and env[2]); the last one wins, keep one`],
		[4, `container "a" of Pod "p" defines env B again (env[1] and env[4]); the last one wins, keep one`],
		[5, `container "a" of Pod "p" defines env A again (env[2] and env[5]); the last one wins, keep one`],
	}
}

# Entries without a name, or not objects, pair with nothing.
test_entries_without_names_pass if {
	count(violations([{"value": "1"}, "A", {"value": "2"}, "A"])) == 0
}
