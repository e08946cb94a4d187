# METADATA
# title: "Images are pinned to a tag or digest"
# description: "Every container image must name a tag other than latest, or a digest, so a rollout runs what was reviewed. With option requireDigest, a tag alone is not enough (tags can be moved): the image must name a digest."
# custom:
#   id: image-tag-pinned
#   severity: warning
#   kinds: [workloads]
#   scope: resource
#   options:
#     requireDigest:
#       description: "Require a digest (name@sha256:...) on every image; a tag alone is reported."
#       type: "boolean"
#       default: false
#   remediation: "Use an explicit version tag (e.g. app:1.4.2) or a digest (app@sha256:...)."
package kubelint.rules.image_tag_pinned

import data.kubelint.lib

violation contains v if {
	some c in lib.containers
	image := c.container.image
	problem := unpinned(image)
	v := {
		"index": c.workload.index,
		"msg": concat("", [lib.describe(c), " uses image ", lib.quote(image), ", which ", problem, "; pin an explicit version tag or a digest"]),
		"path": array.concat(c.path, ["image"]),
	}
}

violation contains v if {
	lib.option(rego.metadata.chain(), "requireDigest")
	some c in lib.containers
	image := c.container.image
	is_string(image)
	not contains(image, "@")
	not unpinned(image)
	v := {
		"index": c.workload.index,
		"msg": concat("", [lib.describe(c), " uses image ", lib.quote(image), ", which names a tag but no digest (tags can be moved); pin it as name@sha256:..."]),
		"path": array.concat(c.path, ["image"]),
	}
}

# A digest pins the image whatever the tag says.
unpinned(image) := "has no tag (defaults to latest)" if {
	not contains(image, "@")
	not tag(image)
}

unpinned(image) := "uses the latest tag" if {
	not contains(image, "@")
	tag(image) == "latest"
}

# The tag is after the last ":" of the last path segment, so a registry port (host:5000/app) is not a tag.
tag(image) := t if {
	segments := split(image, "/")
	last := segments[count(segments) - 1]
	parts := split(last, ":")
	count(parts) == 2
	t := parts[1]
}
