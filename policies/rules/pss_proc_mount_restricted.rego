# METADATA
# title: "Pod Security: default /proc mount (restricted)"
# description: "PodSecurity restricted control procMount_restricted (from v1.35): securityContext.procMount must be unset or Default, whatever hostUsers says."
# custom:
#   id: pss-proc-mount-restricted
#   severity: error
#   kinds: [workloads]
#   scope: batch
#   reads: [Namespace]
#   presets: [pss-restricted]
#   podSecurity: {control: procMount_restricted, level: restricted}
#   remediation: "Remove securityContext.procMount (or set it to Default)."
package kubelint.rules.pss_proc_mount_restricted

import data.kubelint.lib

# The restricted level keeps the v1.0 rule: no hostUsers relaxation.
violation contains v if {
	some c in lib.containers
	not object.get(c.sc, "procMount", null) in {null, "Default"}
	some ctx in lib.pss_contexts(c.workload, "procMount_restricted")
	detail := concat("", [lib.pss_subject(c), " must not set securityContext.procMount to ", lib.quote(c.sc.procMount)])
	fields := lib.pss_fields(c, array.concat(c.path, ["securityContext", "procMount"]), [c.sc.procMount])
	v := lib.pss_violation(c.workload, ctx, "procMount_restricted", "procMount", detail, fields)
}
