# METADATA
# title: "Pod Security: no privileged containers"
# description: "PodSecurity baseline control privileged: securityContext.privileged must be unset or false on every container (init and ephemeral included)."
# custom:
#   id: pss-privileged
#   severity: error
#   kinds: [workloads]
#   scope: batch
#   reads: [Namespace]
#   presets: [pss-baseline, pss-restricted]
#   podSecurity: {control: privileged, level: baseline}
#   remediation: "Remove securityContext.privileged: true."
package kubelint.rules.pss_privileged

import data.kubelint.lib

violation contains v if {
	some c in lib.containers
	c.sc.privileged == true
	some ctx in lib.pss_contexts(c.workload, "privileged")
	detail := concat("", [lib.pss_subject(c), " must not set securityContext.privileged=true"])
	fields := lib.pss_fields(c, array.concat(c.path, ["securityContext", "privileged"]), ["true"])
	v := lib.pss_violation(c.workload, ctx, "privileged", "privileged", detail, fields)
}
