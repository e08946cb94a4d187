# METADATA
# title: "Pod Security: capabilities dropped"
# description: "PodSecurity restricted control capabilities_restricted: every container must drop ALL and may add only NET_BIND_SERVICE (exact spelling; Windows pods exempt from v1.25)."
# custom:
#   id: pss-capabilities-restricted
#   severity: error
#   kinds: [workloads]
#   scope: batch
#   reads: [Namespace]
#   presets: [pss-restricted]
#   podSecurity: {control: capabilities_restricted, level: restricted}
#   remediation: "Set securityContext.capabilities.drop: [ALL] and add at most NET_BIND_SERVICE."
package kubelint.rules.pss_capabilities_restricted

import data.kubelint.lib

violation contains v if {
	some c in lib.containers
	not drops_all(c)
	some ctx in lib.pss_contexts(c.workload, "capabilities_restricted")
	not windows_exempt(c.workload, ctx)
	detail := concat("", [lib.pss_subject(c), " must set securityContext.capabilities.drop=[\"ALL\"]"])
	fields := lib.pss_fields(c, array.concat(c.path, ["securityContext", "capabilities", "drop"]), [])
	v := lib.pss_violation(c.workload, ctx, "capabilities_restricted", "unrestricted capabilities", detail, fields)
}

violation contains v if {
	some c in lib.containers
	some pos, cap in c.sc.capabilities.add
	cap != "NET_BIND_SERVICE"
	some ctx in lib.pss_contexts(c.workload, "capabilities_restricted")
	not windows_exempt(c.workload, ctx)
	detail := concat("", [lib.pss_subject(c), " must not include ", lib.quote(cap), " in securityContext.capabilities.add"])
	fields := lib.pss_fields(c, array.concat(c.path, ["securityContext", "capabilities", "add", pos]), [cap])
	v := lib.pss_violation(c.workload, ctx, "capabilities_restricted", "unrestricted capabilities", detail, fields)
}

# Exactly "ALL" (the admission does not normalise case).
drops_all(c) if "ALL" in c.sc.capabilities.drop

windows_exempt(w, ctx) if {
	ctx.version >= 25
	lib.windows_pod(w)
}
