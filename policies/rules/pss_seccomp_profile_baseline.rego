# METADATA
# title: "Pod Security: seccomp profile not Unconfined"
# description: "PodSecurity baseline control seccompProfile_baseline: a seccompProfile.type that is set (pod or container) must be RuntimeDefault or Localhost; unset is allowed."
# custom:
#   id: pss-seccomp-profile-baseline
#   severity: error
#   kinds: [workloads]
#   scope: batch
#   reads: [Namespace]
#   presets: [pss-baseline, pss-restricted]
#   podSecurity: {control: seccompProfile_baseline, level: baseline}
#   remediation: "Set seccompProfile.type to RuntimeDefault (or remove it)."
package kubelint.rules.pss_seccomp_profile_baseline

import data.kubelint.lib

allowed := {"RuntimeDefault", "Localhost"}

violation contains v if {
	some w in lib.workloads
	profile := object.get(object.get(w.spec, "securityContext", {}), "seccompProfile", null)
	profile != null
	type := object.get(profile, "type", "")
	not allowed[type]
	some ctx in lib.pss_contexts(w, "seccompProfile_baseline")
	detail := concat("", [lib.describe_workload(w), " must not set securityContext.seccompProfile.type to ", lib.quote(type)])
	fields := lib.pss_pod_fields(array.concat(w.spec_path, ["securityContext", "seccompProfile", "type"]), [type])
	v := lib.pss_violation(w, ctx, "seccompProfile_baseline", "seccompProfile", detail, fields)
}

violation contains v if {
	some c in lib.containers
	profile := object.get(c.sc, "seccompProfile", null)
	profile != null
	type := object.get(profile, "type", "")
	not allowed[type]
	some ctx in lib.pss_contexts(c.workload, "seccompProfile_baseline")
	detail := concat("", [lib.pss_subject(c), " must not set securityContext.seccompProfile.type to ", lib.quote(type)])
	fields := lib.pss_fields(c, array.concat(c.path, ["securityContext", "seccompProfile", "type"]), [type])
	v := lib.pss_violation(c.workload, ctx, "seccompProfile_baseline", "seccompProfile", detail, fields)
}
