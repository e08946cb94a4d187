# METADATA
# title: "Pod Security: default /proc mount"
# description: "PodSecurity baseline control procMount: securityContext.procMount must be unset or Default; from v1.35 any value is allowed when the pod sets hostUsers: false."
# custom:
#   id: pss-proc-mount
#   severity: error
#   kinds: [workloads]
#   scope: batch
#   reads: [Namespace]
#   presets: [recommended, pss-baseline, pss-restricted]
#   podSecurity: {control: procMount, level: baseline}
#   remediation: "Remove securityContext.procMount (or set it to Default)."
package kubelint.rules.pss_proc_mount

import data.kubelint.lib

violation contains v if {
	some c in lib.containers
	not object.get(c.sc, "procMount", null) in {null, "Default"}
	some ctx in lib.pss_contexts(c.workload, "procMount")
	not relaxed(c.workload, ctx)
	detail := concat("", [lib.pss_subject(c), " must not set securityContext.procMount to ", lib.quote(c.sc.procMount)])
	fields := lib.pss_fields(c, array.concat(c.path, ["securityContext", "procMount"]), [c.sc.procMount])
	v := lib.pss_violation(c.workload, ctx, "procMount", "procMount", detail, fields)
}

# From v1.35 a pod in a user namespace may use any procMount.
relaxed(w, ctx) if {
	ctx.version >= 35
	lib.pss_user_namespace(w)
}
