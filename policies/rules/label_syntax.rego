# METADATA
# title: "Label keys and values are valid"
# description: "Label keys (an optional DNS-subdomain prefix and /, then a name of at most 63 alphanumerics, -, _ and .) and values (empty, or at most 63 such characters, alphanumeric at both ends) must have the syntax the API server accepts, on the object and on its pod template; otherwise the apply is rejected."
# custom:
#   id: label-syntax
#   severity: error
#   kinds: []
#   wholeKinds: [workloads]
#   presets: [recommended]
#   scope: resource
#   remediation: "Shorten or rename the label key or value: letters, digits, -, _ and ., starting and ending with a letter or digit."
package kubelint.rules.label_syntax

import data.kubelint.lib

# Where labels sit in an object: its metadata, and its pod template's (a Pod's is its own).
label_paths(obj) := [["metadata"], path] if {
	path := lib.pod_meta_path(obj.kind)
	path != ["metadata"]
} else := [["metadata"]]

# An object's labels at a meta path, when they are a map.
labels_at(obj, meta_path) := labels if {
	labels := object.get(obj, array.concat(meta_path, ["labels"]), {})
	is_object(labels)
}

# Every label map of the batch, found in one walk over the objects for both judgements below.
label_maps := [labels |
	some obj in lib.objects
	some meta_path in label_paths(obj)
	labels := labels_at(obj, meta_path)
]

# Each distinct key and value is judged once (objects and their pod templates repeat them). Complete
# rules: the evaluation builds each map once, and a label costs a lookup (judging a key per
# label took most of this rule's time; a set of [index, path, key, value] per label, half the rest).
key_problems := {key: p |
	some key in {key | some labels in label_maps; some key, _ in labels}
	p := lib.label_key_problem(key)
}

value_problems := {value: p |
	some value in {value | some labels in label_maps; some value in labels}
	p := lib.label_value_problem(value)
}

violation contains v if {
	# Valid labels everywhere (the common case): no label is looked at again.
	count(key_problems) + count(value_problems) > 0
	some i, obj in lib.objects
	some meta_path in label_paths(obj)
	some key, value in labels_at(obj, meta_path)
	problem := problem_of(key, value)
	v := {
		"index": i,
		"msg": concat("", [obj.kind, " ", lib.quote(object.get(obj.metadata, "name", "")), ": label ", problem, "; labels need letters, digits, -, _ and . (at most 63, alphanumeric at both ends)"]),
		"path": array.concat(meta_path, ["labels", key]),
	}
}

problem_of(key, _) := concat("", ["key ", lib.quote(key), " ", key_problems[key]])

problem_of(key, value) := concat("", ["value ", lib.quote(value), " of ", key, " ", value_problems[value]]) if not key_problems[key]
