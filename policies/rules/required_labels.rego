# METADATA
# title: "Objects carry the required labels"
# description: "Each requirement of the labels option ({key, pattern?, kinds?}) says a label every object (or every object of the listed kinds) must carry, and optionally a regular expression its value must match. With no requirements the rule reports nothing."
# custom:
#   id: required-labels
#   severity: warning
#   kinds: []
#   presets: [all]
#   scope: resource
#   remediation: "Add the label to metadata.labels with a value matching the requirement."
package kubelint.rules.required_labels

import data.kubelint.lib

violation contains v if {
	some v in lib.required_metadata_findings("labels", "label", lib.param("required-labels", "labels", []))
}
