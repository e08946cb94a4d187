# Pod Security Standards: which controls apply to a workload, at which level and version, and
# the shape of their findings. The semantics follow k8s.io/pod-security-admission (policy/check_*.go).
#
# input.podSecurity (built by src/engine/pod-security.ts):
#   version:    policy minor version of the run (1.35 -> 35)
#   level:      "baseline" | "restricted": the run's level (restricted when a restricted control is on)
#   rules:      the pss-* rule ids the presets/config turn on
#   namespaces: {<ns>: [{level, version, mode, severity}]} from pod-security.kubernetes.io labels
package kubelint.lib

_pss := object.get(input, "podSecurity", {})

# Every control: its rule, its level and the first policy version that has it.
pss_controls := {
	"hostNamespaces": {"rule": "pss-host-namespaces", "level": "baseline", "from": 0},
	"privileged": {"rule": "pss-privileged", "level": "baseline", "from": 0},
	"capabilities_baseline": {"rule": "pss-capabilities-baseline", "level": "baseline", "from": 0},
	"hostPathVolumes": {"rule": "pss-host-path-volumes", "level": "baseline", "from": 0},
	"hostPorts": {"rule": "pss-host-ports", "level": "baseline", "from": 0},
	"appArmorProfile": {"rule": "pss-apparmor-profile", "level": "baseline", "from": 0},
	"seLinuxOptions": {"rule": "pss-selinux-options", "level": "baseline", "from": 0},
	"procMount": {"rule": "pss-proc-mount", "level": "baseline", "from": 0},
	"seccompProfile_baseline": {"rule": "pss-seccomp-profile-baseline", "level": "baseline", "from": 19},
	"sysctls": {"rule": "pss-sysctls", "level": "baseline", "from": 0},
	"hostProbesAndHostLifecycle": {"rule": "pss-host-probes-and-host-lifecycle", "level": "baseline", "from": 34},
	"windowsHostProcess": {"rule": "pss-windows-host-process", "level": "baseline", "from": 0},
	"restrictedVolumes": {"rule": "pss-restricted-volumes", "level": "restricted", "from": 0},
	"allowPrivilegeEscalation": {"rule": "pss-allow-privilege-escalation", "level": "restricted", "from": 8},
	"capabilities_restricted": {"rule": "pss-capabilities-restricted", "level": "restricted", "from": 22},
	"runAsNonRoot": {"rule": "pss-run-as-non-root", "level": "restricted", "from": 0},
	"runAsUser": {"rule": "pss-run-as-user", "level": "restricted", "from": 23},
	"seccompProfile_restricted": {"rule": "pss-seccomp-profile-restricted", "level": "restricted", "from": 19},
	"procMount_restricted": {"rule": "pss-proc-mount-restricted", "level": "restricted", "from": 35},
}

# A restricted control replaces a baseline one at the restricted level (OverrideCheckIDs upstream),
# from the version the restricted control exists.
pss_overridden_by := {
	"capabilities_baseline": "capabilities_restricted",
	"hostPathVolumes": "restrictedVolumes",
	"seccompProfile_baseline": "seccompProfile_restricted",
	"procMount": "procMount_restricted",
}

_level_rank := {"baseline": 1, "restricted": 2}

_exists(control, version) if version >= pss_controls[control].from

# The control runs in a context of this level and version (the overriding control is in effect too
# when `replaced` says whether the overriding control is on).
_applies(control, level, version, replaced) if {
	_exists(control, version)
	_level_rank[level] >= _level_rank[pss_controls[control].level]
	not _overridden(control, level, version, replaced)
}

_overridden(control, "restricted", version, replaced) if {
	by := pss_overridden_by[control]
	_exists(by, version)
	replaced[by]
}

_all_controls := {c | some c, _ in pss_controls}

_config_controls := {c | some c, d in pss_controls; d.rule in object.get(_pss, "rules", [])}

# The contexts a control runs in for a workload: the run's own (when its rule is on) and one per
# pod-security label of the workload's namespace.
pss_contexts(w, control) := {ctx |
	some ctx in _contexts(w)
	_applies(control, ctx.level, ctx.version, ctx.replaced)
	ctx.mode != ""
} | {ctx |
	some ctx in _contexts(w)
	ctx.mode == ""
	control in _config_controls
	_applies(control, ctx.level, ctx.version, ctx.replaced)
}

_contexts(w) := {ctx |
	some c in object.get(object.get(_pss, "namespaces", {}), w.namespace, [])
	ctx := {"level": c.level, "version": c.version, "mode": c.mode, "severity": c.severity, "replaced": _all_controls}
} | {ctx |
	_pss.version
	ctx := {"level": object.get(_pss, "level", "restricted"), "version": _pss.version, "mode": "", "severity": "", "replaced": _config_controls}
}

pss_version_label(ctx) := concat("", ["v1.", format_int(ctx.version, 10)])

# A finding of a control: `detail` says what is forbidden (as the admission says it), `reason` is
# the admission's short reason; `fields` carries path, container, image and the forbidden values.
pss_violation(w, ctx, control, reason, detail, fields) := {
	"index": w.index,
	"msg": concat("", [
		detail, " (violates PodSecurity \"", ctx.level, ":", pss_version_label(ctx), "\": ", reason, ")",
	]),
	"path": fields.path,
	"severity": ctx.severity,
	"podSecurity": {
		"level": ctx.level,
		"version": pss_version_label(ctx),
		"control": control,
		"mode": ctx.mode,
		"container": object.get(fields, "container", ""),
		"image": object.get(fields, "image", ""),
		"values": object.get(fields, "values", []),
	},
}

# Container fields for pss_violation.
pss_fields(c, path, values) := {"path": path, "container": c.name, "image": object.get(c.container, "image", ""), "values": values}

# Pod-level fields for pss_violation.
pss_pod_fields(path, values) := {"path": path, "values": values}

# `os.name: windows` pods: the restricted Linux controls exempt them (from 1.25), and the API server
# refuses Linux-only securityContext fields on them, so no rule asks for those there.
windows_pod(w) if w.spec.os.name == "windows"

# `hostUsers: false` (a user namespace) relaxes runAsNonRoot, runAsUser and procMount from 1.35.
pss_user_namespace(w) if w.spec.hostUsers == false

# "pod" or `container "x"` for messages, as the admission names setters.
pss_container_noun(c) := concat("", [group_noun[c.group], " \"", c.name, "\""])

# The workload a message names, e.g. `Deployment "web"`.
pss_subject(c) := concat("", [pss_container_noun(c), " of ", describe_workload(c.workload)])
