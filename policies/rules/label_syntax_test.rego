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

# Problems are judged once per distinct key and value, and reported on every label that has them;
# a label with a bad key and a bad value reports the key.
test_repeated_problems_reported_everywhere if {
	labels := {"team/": "x", "tier": "front end"}
	d := json.patch(t.deployment("web", 1, labels, t.good_pod_spec), [{"op": "add", "path": "/metadata/labels", "value": labels}])
	e := t.deployment("api", 1, {"team/": "bad value"}, t.good_pod_spec)
	found := {[v.index, concat(".", v.path)] | some v in rule.violation} with input as t.batch([d, e])
	found == {
		[0, "metadata.labels.team/"], [0, "metadata.labels.tier"],
		[0, "spec.template.metadata.labels.team/"], [0, "spec.template.metadata.labels.tier"],
		[1, "spec.template.metadata.labels.team/"],
	}
	msgs := {v.msg | some v in rule.violation; v.index == 1} with input as t.batch([d, e])
	count(msgs) == 1
	every m in msgs {
		contains(m, "key \"team/\"")
	}
}

# One walk finds every label map: an object's own and its pod template's (a Pod's once), none
# where the labels are not a map.
test_label_maps if {
	d := json.patch(t.deployment("web", 1, {"app": "web"}, t.good_pod_spec), [{"op": "add", "path": "/metadata/labels", "value": {"team": "a"}}])
	p := json.patch(t.pod("p", t.good_pod_spec), [{"op": "add", "path": "/metadata/labels", "value": {"run": "p"}}])
	cm := {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "labels": "not a map"}}
	sa := {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "s", "labels": {"x": ""}}}
	rule.label_maps == [{"team": "a"}, {"app": "web"}, {"run": "p"}, {"x": ""}] with input as t.batch([d, p, cm, sa])
}
