# METADATA
# title: "Objects carry the required annotations"
# description: "Each requirement of the annotations option ({key, pattern?, kinds?}) says an annotation every object (or every object of the listed kinds) must carry, and optionally a regular expression its value must match. With no requirements the rule reports nothing."
# custom:
#   id: required-annotations
#   severity: warning
#   kinds: []
#   wholeKinds: []
#   presets: [all]
#   scope: resource
#   options:
#     annotations:
#       description: "Annotations objects must carry: {key, pattern?, kinds?}."
#       type: "array"
#       items: {"type": "object", "additionalProperties": false, "required": ["key"], "properties": {"key": {"description": "The key.", "type": "string", "minLength": 1}, "pattern": {"description": "A regular expression (RE2) the value must match; anchor it with ^ and $.", "type": "string", "minLength": 1}, "kinds": {"description": "Kinds the requirement applies to; empty or absent: every kind.", "type": "array", "items": {"type": "string", "minLength": 1}}}}
#       default: []
#   remediation: "Add the annotation to metadata.annotations with a value matching the requirement."
package kubelint.rules.required_annotations

import data.kubelint.lib

violation contains v if {
	some v in lib.required_metadata_findings("annotations", "annotation", lib.option(rego.metadata.chain(), "annotations"))
}
