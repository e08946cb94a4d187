# METADATA
# title: "Env var names are unique per container"
# description: "When a container lists an env var twice, the last definition wins silently, and server-side apply and strategic merge patches treat the list as keyed by name, so the manifest and the running pod can disagree."
# custom:
#   id: env-duplicate
#   severity: warning
#   kinds: [workloads]
#   presets: [recommended]
#   scope: resource
#   remediation: "Keep one definition of each env var."
package kubelint.rules.env_duplicate

import data.kubelint.lib

violation contains v if {
	some c in lib.containers
	env := object.get(c.container, "env", [])
	some k, e in env
	some j, earlier in env
	j < k
	earlier.name == e.name
	not defined_between(env, e.name, j, k)
	v := {
		"index": c.workload.index,
		"msg": concat("", [lib.describe(c), " defines env ", e.name, " again (env[", format_int(j, 10), "] and env[", format_int(k, 10), "]); the last one wins, keep one"]),
		"path": array.concat(c.path, ["env", k, "name"]),
	}
}

# Pairs only adjacent definitions, so a name defined three times gives two findings, not three.
defined_between(env, name, j, k) if {
	some m, e in env
	m > j
	m < k
	e.name == name
}
