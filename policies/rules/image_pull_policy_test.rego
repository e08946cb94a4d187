package kubelint.rules.image_pull_policy_test

import data.kubelint.rules.image_pull_policy as rule
import data.kubelint.testutil as t

found(fields, params) := count(vs) if {
	p := t.pod("p", {"containers": [object.union(t.good_container("a"), fields)]})
	vs := rule.violation with input as t.with_params([p], {"image-pull-policy": params})
}

test_never_fails_by_default if {
	found({"imagePullPolicy": "Never"}, {}) == 1
	found({"imagePullPolicy": "IfNotPresent"}, {}) == 0
	found({}, {}) == 0
}

test_options if {
	found({"imagePullPolicy": "IfNotPresent"}, {"allowed": ["Always"]}) == 1
	found({}, {"requireExplicit": true}) == 1
	found({"imagePullPolicy": "Always"}, {"requireExplicit": true}) == 0
}
