# METADATA
# title: "Images come from allowed registries"
# description: "Every container image must come from one of the allowed registries or repositories (option allowed: path prefixes such as registry.example.com or ghcr.io/acme, matched at a / boundary after Docker Hub's defaults are applied, so docker.io/library covers nginx; option patterns: regular expressions over the full image reference). With neither option set the rule reports nothing."
# custom:
#   id: image-registry
#   severity: error
#   kinds: [workloads]
#   presets: [all]
#   scope: resource
#   options:
#     allowed:
#       description: "Registry or repository path prefixes images may come from (e.g. registry.example.com, ghcr.io/acme), matched at a / boundary; Docker Hub images also match as docker.io/library/<name> and docker.io/<org>/<name>."
#       type: "array"
#       items: {"type": "string", "minLength": 1}
#       uniqueItems: true
#       default: []
#     patterns:
#       description: "Regular expressions (RE2) an image reference may match instead."
#       type: "array"
#       items: {"type": "string", "minLength": 1}
#       uniqueItems: true
#       default: []
#   remediation: "Mirror the image into an allowed registry, or add its registry to the rule's allowed list."
package kubelint.rules.image_registry

import data.kubelint.lib

allowed := lib.option(rego.metadata.chain(), "allowed")

patterns := lib.option(rego.metadata.chain(), "patterns")

violation contains v if {
	count(allowed) + count(patterns) > 0
	some c in lib.containers
	image := c.container.image
	is_string(image)
	not permitted(image)
	v := {
		"index": c.workload.index,
		"msg": concat("", [lib.describe(c), " uses image ", lib.quote(image), ", which is not from an allowed registry (", concat(", ", array.concat(allowed, patterns)), "); mirror it or allow its registry"]),
		"path": array.concat(c.path, ["image"]),
	}
}

permitted(image) if {
	some prefix in allowed
	some repo in {lib.image_repository(image), lib.image_full_repository(image)}
	under(repo, trim_suffix(prefix, "/"))
}

permitted(image) if {
	some pattern in patterns
	regex.match(pattern, image)
}

under(repo, prefix) if repo == prefix

under(repo, prefix) if startswith(repo, concat("", [prefix, "/"]))
