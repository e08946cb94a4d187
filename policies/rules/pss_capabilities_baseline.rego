# METADATA
# title: "Pod Security: only default capabilities added"
# description: "PodSecurity baseline control capabilities_baseline: securityContext.capabilities.add may only hold AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT, spelled exactly so (no CAP_ prefix, upper case)."
# custom:
#   id: pss-capabilities-baseline
#   severity: error
#   kinds: [workloads]
#   scope: batch
#   reads: [Namespace]
#   presets: [pss-baseline, pss-restricted]
#   podSecurity: {control: capabilities_baseline, level: baseline}
#   remediation: "Remove the capability from securityContext.capabilities.add."
package kubelint.rules.pss_capabilities_baseline

import data.kubelint.lib

# The default set of the container runtimes, matched exactly (the admission does not normalise case
# or a CAP_ prefix).
allowed := {
	"AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
	"NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
}

violation contains v if {
	some c in lib.containers
	some pos, cap in c.sc.capabilities.add
	not allowed[cap]
	some ctx in lib.pss_contexts(c.workload, "capabilities_baseline")
	detail := concat("", [lib.pss_subject(c), " must not include ", lib.quote(cap), " in securityContext.capabilities.add"])
	fields := lib.pss_fields(c, array.concat(c.path, ["securityContext", "capabilities", "add", pos]), [cap])
	v := lib.pss_violation(c.workload, ctx, "capabilities_baseline", "non-default capabilities", detail, fields)
}
