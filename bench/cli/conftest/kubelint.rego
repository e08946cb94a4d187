# Runs kubelint's own Rego rule catalogue (policies/) under conftest, for the benchmark only.
# conftest hands policies one input per file, or with --combine one array of {path, contents}
# for every file; kubelint's rule packages (data.kubelint.rules.<id>.violation) want one batch
# {resources: [{index, object}], params, enabled, defaultNamespace}. This package builds that
# batch from the combined input, so cross-resource rules (PDB, NetworkPolicy, selectors) see the
# whole corpus exactly as they do in kubelint.
#
#   conftest test --combine --policy policies --policy bench/cli/conftest \
#     --data bench/.conftest --namespace kubelint_conftest <files>
#
# The enabled rule ids come from a data file (bench/.conftest/enabled.json, written by
# bench/cli/peers.mjs from build/policies/rules.json), so *_test.rego packages are never evaluated.
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

# One lookup per enabled rule package (kubelint's build generates a static entrypoint the same
# way; policies/ itself has none to call).
deny contains msg if {
	some id in data.kubelint_bench.enabled
	violations := data.kubelint.rules[replace(id, "-", "_")].violation with input as batch
	some v in violations
	obj := objects[v.index]
	# deny is a set of strings: the namespace keeps same-named objects of two namespaces apart.
	msg := concat("", [id, " ", object.get(obj.metadata, "namespace", "default"), "/", obj.kind, "/", object.get(obj.metadata, "name", ""), "#", format_int(v.index, 10), ": ", v.msg])
}
