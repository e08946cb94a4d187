# METADATA
# title: "Pod Security: seccomp profile required"
# description: "PodSecurity restricted control seccompProfile_restricted: the pod or every container must set seccompProfile.type RuntimeDefault or Localhost (Windows pods exempt from v1.25)."
# custom:
#   id: pss-seccomp-profile-restricted
#   severity: error
#   kinds: [workloads]
#   scope: batch
#   reads: [Namespace]
#   presets: [pss-restricted]
#   podSecurity: {control: seccompProfile_restricted, level: restricted}
#   remediation: "Set securityContext.seccompProfile.type: RuntimeDefault on the pod."
package kubelint.rules.pss_seccomp_profile_restricted

import data.kubelint.lib

allowed := {"RuntimeDefault", "Localhost"}

pod_profile(w) := object.get(object.get(w.spec, "securityContext", {}), "seccompProfile", null)

violation contains v if {
	some w in lib.workloads
	profile := pod_profile(w)
	profile != null
	type := object.get(profile, "type", "")
	not allowed[type]
	some ctx in lib.pss_contexts(w, "seccompProfile_restricted")
	not windows_exempt(w, ctx)
	detail := concat("", [lib.describe_workload(w), " must not set securityContext.seccompProfile.type to ", lib.quote(type)])
	fields := lib.pss_pod_fields(array.concat(w.spec_path, ["securityContext", "seccompProfile", "type"]), [type])
	v := lib.pss_violation(w, ctx, "seccompProfile_restricted", "seccompProfile", detail, fields)
}

violation contains v if {
	some c in lib.containers
	profile := object.get(c.sc, "seccompProfile", null)
	profile != null
	type := object.get(profile, "type", "")
	not allowed[type]
	some ctx in lib.pss_contexts(c.workload, "seccompProfile_restricted")
	not windows_exempt(c.workload, ctx)
	detail := concat("", [lib.pss_subject(c), " must not set securityContext.seccompProfile.type to ", lib.quote(type)])
	fields := lib.pss_fields(c, array.concat(c.path, ["securityContext", "seccompProfile", "type"]), [type])
	v := lib.pss_violation(c.workload, ctx, "seccompProfile_restricted", "seccompProfile", detail, fields)
}

# A container without a profile needs one on the pod (a pod with a bad one is reported above).
violation contains v if {
	some c in lib.containers
	object.get(c.sc, "seccompProfile", null) == null
	pod_profile(c.workload) == null
	some ctx in lib.pss_contexts(c.workload, "seccompProfile_restricted")
	not windows_exempt(c.workload, ctx)
	detail := concat("", ["pod or ", lib.pss_subject(c), " must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\""])
	fields := lib.pss_fields(c, array.concat(c.path, ["securityContext", "seccompProfile", "type"]), [])
	v := lib.pss_violation(c.workload, ctx, "seccompProfile_restricted", "seccompProfile", detail, fields)
}

windows_exempt(w, ctx) if {
	ctx.version >= 25
	lib.windows_pod(w)
}
