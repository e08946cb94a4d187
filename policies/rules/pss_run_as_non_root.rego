# METADATA
# title: "Pod Security: runAsNonRoot"
# description: "PodSecurity restricted control runAsNonRoot: the pod or every container must set securityContext.runAsNonRoot: true, and none may set it false (from v1.35 a pod with hostUsers: false is exempt)."
# custom:
#   id: pss-run-as-non-root
#   severity: error
#   kinds: [workloads]
#   scope: batch
#   reads: [Namespace]
#   presets: [pss-restricted]
#   podSecurity: {control: runAsNonRoot, level: restricted}
#   remediation: "Set securityContext.runAsNonRoot: true on the pod."
package kubelint.rules.pss_run_as_non_root

import data.kubelint.lib

pod_sc(w) := object.get(w.spec, "securityContext", {})

# The pod sets runAsNonRoot: false.
violation contains v if {
	some w in lib.workloads
	pod_sc(w).runAsNonRoot == false
	some ctx in lib.pss_contexts(w, "runAsNonRoot")
	not relaxed(w, ctx)
	detail := concat("", [lib.describe_workload(w), " must not set securityContext.runAsNonRoot=false"])
	fields := lib.pss_pod_fields(array.concat(w.spec_path, ["securityContext", "runAsNonRoot"]), ["false"])
	v := lib.pss_violation(w, ctx, "runAsNonRoot", "runAsNonRoot != true", detail, fields)
}

# A container sets it false.
violation contains v if {
	some c in lib.containers
	c.sc.runAsNonRoot == false
	some ctx in lib.pss_contexts(c.workload, "runAsNonRoot")
	not relaxed(c.workload, ctx)
	detail := concat("", [lib.pss_subject(c), " must not set securityContext.runAsNonRoot=false"])
	fields := lib.pss_fields(c, array.concat(c.path, ["securityContext", "runAsNonRoot"]), ["false"])
	v := lib.pss_violation(c.workload, ctx, "runAsNonRoot", "runAsNonRoot != true", detail, fields)
}

# A container leaves it unset and the pod does not set it (a pod setting false is reported above).
violation contains v if {
	some c in lib.containers
	object.get(c.sc, "runAsNonRoot", null) == null
	object.get(pod_sc(c.workload), "runAsNonRoot", null) == null
	some ctx in lib.pss_contexts(c.workload, "runAsNonRoot")
	not relaxed(c.workload, ctx)
	detail := concat("", ["pod or ", lib.pss_subject(c), " must set securityContext.runAsNonRoot=true"])
	fields := lib.pss_fields(c, array.concat(c.path, ["securityContext", "runAsNonRoot"]), [])
	v := lib.pss_violation(c.workload, ctx, "runAsNonRoot", "runAsNonRoot != true", detail, fields)
}

# From v1.35 a pod in a user namespace is exempt.
relaxed(w, ctx) if {
	ctx.version >= 35
	lib.pss_user_namespace(w)
}
