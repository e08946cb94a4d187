package kubelint.rules.label_syntax_test

import data.kubelint.lib
import data.kubelint.rules.label_syntax as rule
import data.kubelint.testutil as t

test_valid_keys_and_values if {
	not lib.label_key_problem("app")
	not lib.label_key_problem("app.kubernetes.io/name")
	not lib.label_key_problem("a-b_c.d")
	not lib.label_value_problem("")
	not lib.label_value_problem("v1.2.3_rc-1")
}

test_invalid_keys if {
	lib.label_key_problem("a/b/c") == "has more than one /"
	lib.label_key_problem("/name") == "has an empty prefix before /"
	lib.label_key_problem("Example.COM/name")
	lib.label_key_problem("-name")
	lib.label_key_problem(concat("", ["a", concat("", [x | some _ in numbers.range(1, 63); x := "b"])]))
}

test_invalid_values if {
	lib.label_value_problem("has space")
	lib.label_value_problem("trailing-")
	lib.label_value_problem(concat("", [x | some _ in numbers.range(1, 64); x := "v"])) == "is longer than 63 characters"
}

test_object_and_template_labels if {
	d := t.deployment("web", 1, {"app": "web", "tier": "front end"}, t.good_pod_spec)
	bad := json.patch(d, [{"op": "add", "path": "/metadata/labels", "value": {"team/": "x"}}])
	t.paths(rule.violation) == {["metadata", "labels", "team/"], ["spec", "template", "metadata", "labels", "tier"]} with input as t.batch([bad])
}
