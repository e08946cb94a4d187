# METADATA
# title: "Pod Security: privilege escalation forbidden"
# description: "PodSecurity restricted control allowPrivilegeEscalation: every container must set securityContext.allowPrivilegeEscalation: false (Windows pods exempt from v1.25)."
# custom:
#   id: pss-allow-privilege-escalation
#   severity: error
#   kinds: [workloads]
#   scope: batch
#   reads: [Namespace]
#   presets: [pss-restricted]
#   podSecurity: {control: allowPrivilegeEscalation, level: restricted}
#   remediation: "Set securityContext.allowPrivilegeEscalation: false on the container."
package kubelint.rules.pss_allow_privilege_escalation

import data.kubelint.lib

violation contains v if {
	some c in lib.containers
	object.get(c.sc, "allowPrivilegeEscalation", null) != false
	some ctx in lib.pss_contexts(c.workload, "allowPrivilegeEscalation")
	not windows_exempt(c.workload, ctx)
	detail := concat("", [lib.pss_subject(c), " must set securityContext.allowPrivilegeEscalation=false"])
	fields := lib.pss_fields(c, array.concat(c.path, ["securityContext", "allowPrivilegeEscalation"]), [])
	v := lib.pss_violation(c.workload, ctx, "allowPrivilegeEscalation", "allowPrivilegeEscalation != false", detail, fields)
}

windows_exempt(w, ctx) if {
	ctx.version >= 25
	lib.windows_pod(w)
}
