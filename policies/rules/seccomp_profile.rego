# METADATA
# title: "Containers run under a seccomp profile"
# description: "Every container should have a RuntimeDefault or Localhost seccomp profile in effect (its own securityContext.seccompProfile or the pod's)."
# custom:
#   id: seccomp-profile
#   severity: warning
#   kinds: [workloads]
#   scope: resource
#   podSecurityControls: [seccompProfile_baseline, seccompProfile_restricted]
#   remediation: "Set securityContext.seccompProfile.type: RuntimeDefault on the pod (or the container)."
package kubelint.rules.seccomp_profile

import data.kubelint.lib

confined := {"RuntimeDefault", "Localhost"}

violation contains v if {
	some c in lib.containers
	not lib.windows_pod(c.workload) # Linux-only field: the API server refuses it on Windows pods
	not confined_profile(c)
	v := {
		"index": c.workload.index,
		"msg": concat("", [lib.describe(c), " has no RuntimeDefault or Localhost seccomp profile in effect; set securityContext.seccompProfile.type: RuntimeDefault on the pod or the container"]),
		"path": profile_path(c),
	}
}

# Point at the offending type when a profile is set, else at where it should be added.
profile_path(c) := array.concat(lib.effective_sc_path(c, "seccompProfile"), ["type"]) if has_profile(c)

profile_path(c) := lib.effective_sc_path(c, "seccompProfile") if not has_profile(c)

confined_profile(c) if confined[lib.effective_sc(c, "seccompProfile").type]

has_profile(c) if _ = lib.effective_sc(c, "seccompProfile")
