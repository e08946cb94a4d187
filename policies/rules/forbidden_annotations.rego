# METADATA
# title: "Objects carry no forbidden annotations"
# description: "Annotations whose key matches a forbidden pattern (option annotations: {key, value?, kinds?}, regular expressions) are reported. The default forbids ingress-nginx snippet annotations on Ingresses (configuration-snippet, server-snippet, auth-snippet...), which inject raw NGINX configuration and let an Ingress author read the controller's credentials (CVE-2021-25742)."
# custom:
#   id: forbidden-annotations
#   severity: error
#   kinds: []
#   wholeKinds: []
#   presets: [recommended]
#   scope: resource
#   options:
#     annotations:
#       description: "Forbidden annotations: {key (a regular expression over the key), value? (a regular expression over the value), kinds?}."
#       type: "array"
#       items: {"type": "object", "additionalProperties": false, "required": ["key"], "properties": {"key": {"type": "string", "minLength": 1, "description": "Regular expression (RE2) over the annotation key."}, "value": {"type": "string", "minLength": 1, "description": "Regular expression (RE2) over the value; absent: any value."}, "kinds": {"type": "array", "items": {"type": "string", "minLength": 1}, "description": "Kinds it applies to; empty or absent: every kind."}}}
#       default: [{"key": "^nginx\\.ingress\\.kubernetes\\.io/[a-z-]*snippets?$", "kinds": ["Ingress"]}]
#   remediation: "Remove the annotation; for ingress-nginx, use the controller's dedicated annotations or its ConfigMap instead of snippets."
package kubelint.rules.forbidden_annotations

import data.kubelint.lib

violation contains v if {
	some i, obj in lib.objects
	some rule in lib.option(rego.metadata.chain(), "annotations")
	lib.requirement_applies(rule, obj.kind)
	some key, value in object.get(object.get(obj, "metadata", {}), "annotations", {})
	regex.match(rule.key, key)
	value_matches(rule, value)
	v := {
		"index": i,
		"msg": concat("", [obj.kind, " ", lib.quote(object.get(obj.metadata, "name", "")), " has the forbidden annotation ", key, "; remove it"]),
		"path": ["metadata", "annotations", key],
	}
}

value_matches(rule, _) if not rule.value

value_matches(rule, value) if regex.match(rule.value, lib.format_value(value))
