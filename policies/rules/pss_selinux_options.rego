# METADATA
# title: "Pod Security: SELinux options restricted"
# description: "PodSecurity baseline control seLinuxOptions: seLinuxOptions.type must be empty, container_t, container_init_t or container_kvm_t (and container_engine_t from v1.31); user and role must not be set."
# custom:
#   id: pss-selinux-options
#   severity: error
#   kinds: [workloads]
#   scope: batch
#   reads: [Namespace]
#   presets: [recommended, pss-baseline, pss-restricted]
#   podSecurity: {control: seLinuxOptions, level: baseline}
#   remediation: "Remove seLinuxOptions.user/role and use an allowed type."
package kubelint.rules.pss_selinux_options

import data.kubelint.lib

# Types allowed per policy version (container_engine_t from v1.31).
allowed_types(version) := {"", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"} if version >= 31

allowed_types(version) := {"", "container_t", "container_init_t", "container_kvm_t"} if version < 31

# Every securityContext that may carry seLinuxOptions: the pod's and each container's.
setters contains {"workload": w, "noun": lib.describe_workload(w), "path": array.concat(w.spec_path, ["securityContext", "seLinuxOptions"]), "options": options, "fields": {}} if {
	some w in lib.workloads
	options := object.get(object.get(w.spec, "securityContext", {}), "seLinuxOptions", null)
	is_object(options)
}

setters contains {"workload": c.workload, "noun": lib.pss_subject(c), "path": array.concat(c.path, ["securityContext", "seLinuxOptions"]), "options": options, "fields": lib.pss_fields(c, [], [])} if {
	some c in lib.containers
	options := object.get(c.sc, "seLinuxOptions", null)
	is_object(options)
}

violation contains v if {
	some s in setters
	some ctx in lib.pss_contexts(s.workload, "seLinuxOptions")
	type := object.get(s.options, "type", "")
	not allowed_types(ctx.version)[type]
	detail := concat("", [s.noun, " must not set securityContext.seLinuxOptions.type to ", lib.quote(type)])
	fields := object.union(s.fields, {"path": array.concat(s.path, ["type"]), "values": [type]})
	v := lib.pss_violation(s.workload, ctx, "seLinuxOptions", "seLinuxOptions", detail, fields)
}

violation contains v if {
	some s in setters
	some field in ["user", "role"]
	not object.get(s.options, field, "") in {"", null}
	some ctx in lib.pss_contexts(s.workload, "seLinuxOptions")
	detail := concat("", [s.noun, " must not set securityContext.seLinuxOptions.", field, " (", field, " may not be set)"])
	fields := object.union(s.fields, {"path": array.concat(s.path, [field]), "values": [s.options[field]]})
	v := lib.pss_violation(s.workload, ctx, "seLinuxOptions", "seLinuxOptions", detail, fields)
}
