# METADATA
# title: "Pod Security: AppArmor profile not overridden"
# description: "PodSecurity baseline control appArmorProfile: securityContext.appArmorProfile.type (pod or container) must be RuntimeDefault or Localhost, and container.apparmor.security.beta.kubernetes.io/* annotations runtime/default, localhost/* or empty."
# custom:
#   id: pss-apparmor-profile
#   severity: error
#   kinds: [workloads]
#   scope: batch
#   reads: [Namespace]
#   presets: [recommended, pss-baseline, pss-restricted]
#   podSecurity: {control: appArmorProfile, level: baseline}
#   remediation: "Use appArmorProfile.type RuntimeDefault or Localhost (or remove it)."
package kubelint.rules.pss_apparmor_profile

import data.kubelint.lib

allowed_types := {"RuntimeDefault", "Localhost"}

annotation_prefix := "container.apparmor.security.beta.kubernetes.io/"

# A set profile (pod or container) must be RuntimeDefault or Localhost; a profile without a type is
# not allowed either.
violation contains v if {
	some w in lib.workloads
	profile := object.get(object.get(w.spec, "securityContext", {}), "appArmorProfile", null)
	profile != null
	type := object.get(profile, "type", "")
	not allowed_types[type]
	some ctx in lib.pss_contexts(w, "appArmorProfile")
	detail := concat("", [lib.describe_workload(w), " must not set AppArmor profile type to ", lib.quote(type)])
	fields := lib.pss_pod_fields(array.concat(w.spec_path, ["securityContext", "appArmorProfile", "type"]), [type])
	v := lib.pss_violation(w, ctx, "appArmorProfile", "forbidden AppArmor profile", detail, fields)
}

violation contains v if {
	some c in lib.containers
	profile := object.get(c.sc, "appArmorProfile", null)
	profile != null
	type := object.get(profile, "type", "")
	not allowed_types[type]
	some ctx in lib.pss_contexts(c.workload, "appArmorProfile")
	detail := concat("", [lib.pss_subject(c), " must not set AppArmor profile type to ", lib.quote(type)])
	fields := lib.pss_fields(c, array.concat(c.path, ["securityContext", "appArmorProfile", "type"]), [type])
	v := lib.pss_violation(c.workload, ctx, "appArmorProfile", "forbidden AppArmor profile", detail, fields)
}

violation contains v if {
	some w in lib.workloads
	meta_path := lib.pod_meta_path(w.kind)
	some key, value in object.get(object.get(w.object, meta_path, {}), "annotations", {})
	startswith(key, annotation_prefix)
	not allowed_annotation(value)
	some ctx in lib.pss_contexts(w, "appArmorProfile")
	detail := concat("", [lib.describe_workload(w), " must not set annotation ", key, "=", lib.quote(value)])
	fields := lib.pss_pod_fields(array.concat(meta_path, ["annotations", key]), [value])
	v := lib.pss_violation(w, ctx, "appArmorProfile", "forbidden AppArmor profile", detail, fields)
}

allowed_annotation("")

allowed_annotation("runtime/default")

allowed_annotation(value) if startswith(value, "localhost/")
