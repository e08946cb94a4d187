# Runs kubelint's own Rego rule catalogue (policies/) under conftest, for the benchmark only.
# conftest hands policies one input per file, or with --combine one array of {path, contents}
# for every file; kubelint's entrypoint data.kubelint.main wants one batch
# {resources: [{index, object}], params, enabled, defaultNamespace}. This package builds that
# batch from the combined input, so cross-resource rules (PDB, NetworkPolicy, selectors) see the
# whole corpus exactly as they do in kubelint.
#
#   conftest test --combine --policy policies --policy bench/conftest \
#     --data bench/.conftest --namespace kubelint_conftest <files>
#
# The enabled rule ids come from a data file (bench/.conftest/enabled.json, written by
# bench/peers.mjs from build/policies/rules.json) because listing data.kubelint.rules would
# evaluate every rule against conftest's raw input.
package kubelint_conftest

documents(contents) := contents if is_array(contents)

documents(contents) := [contents] if is_object(contents)

objects := [obj |
	some file in input
	some obj in documents(file.contents)
	is_object(obj)
]

batch := {
	"resources": [{"index": i, "object": obj} | some i, obj in objects],
	"params": {},
	"enabled": data.kubelint_bench.enabled,
	"defaultNamespace": "default",
}

deny contains msg if {
	some finding in data.kubelint.main with input as batch
	obj := objects[finding.index]
	msg := concat("", [finding.rule, " ", obj.kind, "/", object.get(obj.metadata, "name", ""), ": ", finding.msg])
}
