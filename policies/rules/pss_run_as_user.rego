# METADATA
# title: "Pod Security: runAsUser not 0"
# description: "PodSecurity restricted control runAsUser (from v1.23): runAsUser must not be 0 on the pod or any container (from v1.35 a pod with hostUsers: false is exempt)."
# custom:
#   id: pss-run-as-user
#   severity: error
#   kinds: [workloads]
#   scope: batch
#   reads: [Namespace]
#   presets: [pss-restricted]
#   podSecurity: {control: runAsUser, level: restricted}
#   remediation: "Set runAsUser to a non-zero UID, or remove it."
package kubelint.rules.pss_run_as_user

import data.kubelint.lib

violation contains v if {
	some w in lib.workloads
	object.get(object.get(w.spec, "securityContext", {}), "runAsUser", null) == 0
	some ctx in lib.pss_contexts(w, "runAsUser")
	not relaxed(w, ctx)
	detail := concat("", [lib.describe_workload(w), " must not set runAsUser=0"])
	fields := lib.pss_pod_fields(array.concat(w.spec_path, ["securityContext", "runAsUser"]), ["0"])
	v := lib.pss_violation(w, ctx, "runAsUser", "runAsUser=0", detail, fields)
}

violation contains v if {
	some c in lib.containers
	object.get(c.sc, "runAsUser", null) == 0
	some ctx in lib.pss_contexts(c.workload, "runAsUser")
	not relaxed(c.workload, ctx)
	detail := concat("", [lib.pss_subject(c), " must not set runAsUser=0"])
	fields := lib.pss_fields(c, array.concat(c.path, ["securityContext", "runAsUser"]), ["0"])
	v := lib.pss_violation(c.workload, ctx, "runAsUser", "runAsUser=0", detail, fields)
}

# From v1.35 a pod in a user namespace is exempt.
relaxed(w, ctx) if {
	ctx.version >= 35
	lib.pss_user_namespace(w)
}
