# METADATA
# title: "Secrets are not written into env values"
# description: "An env var whose name says it holds a credential (a PASSWORD, PASSWD, SECRET, TOKEN, CREDENTIAL or API/ACCESS/PRIVATE/SECRET/SIGNING/ENCRYPTION KEY word) with a literal value puts that credential in the manifest, the repository and every reader of the object. Names ending in a word that points elsewhere (FILE, PATH, URL, NAME, ...) and values that are empty, $(VAR) references, file paths or switches (true/false, yes/no, on/off, 0/1) pass."
# custom:
#   id: env-literal-secret
#   severity: error
#   kinds: [workloads]
#   presets: [recommended]
#   scope: resource
#   remediation: "Move the value into a Secret and reference it with valueFrom.secretKeyRef (or envFrom.secretRef)."
package kubelint.rules.env_literal_secret

import data.kubelint.lib

secret_words := {"PASSWORD", "PASSWD", "SECRET", "TOKEN", "CREDENTIAL", "CREDENTIALS", "APIKEY", "ACCESSKEY", "SECRETKEY", "PRIVATEKEY"}

# KEY is a credential only after one of these (CACHE_KEY, SORT_KEY are not).
key_qualifiers := {"API", "ACCESS", "PRIVATE", "SECRET", "SIGNING", "ENCRYPTION", "MASTER", "AUTH", "CLIENT"}

# A name ending in one of these describes where or how the credential is, not the credential.
pointer_words := {
	"FILE", "PATH", "DIR", "URL", "URI", "ENDPOINT", "HOST", "NAME", "REF", "HEADER", "TTL",
	"EXPIRY", "EXPIRES", "LENGTH", "SIZE", "ENABLED", "TYPE", "SECONDS", "TIMEOUT", "MODE",
	"FORMAT", "LOCATION", "ID", "KIND", "ISSUER", "AUDIENCE", "INTERVAL", "DURATION", "PERIOD",
	"LIFETIME", "PORT", "COUNT", "LIMIT", "MAX", "MIN", "VERSION", "ALGORITHM", "SCOPE", "SCOPES",
	"PREFIX", "SUFFIX", "PROVIDER", "BACKEND", "SOURCE", "STORE",
}

# Switch and count values, not credentials (ENABLE_TOKEN_AUTH: "1").
switch_values := {"true", "false", "yes", "no", "on", "off", "enabled", "disabled", "0", "1"}

violation contains v if {
	some c in lib.containers
	some k, env in object.get(c.container, "env", [])
	value := env.value
	is_string(value)
	credential_names[env.name]
	literal(value)
	v := {
		"index": c.workload.index,
		"msg": concat("", [lib.describe(c), " sets ", env.name, " to a literal value; move it into a Secret and use valueFrom.secretKeyRef"]),
		"path": array.concat(c.path, ["env", k, "value"]),
	}
}

# The names of env vars with a literal value that say they hold a credential. Each distinct name
# is judged once: containers repeat their env names, and splitting a name into words was most of
# this rule's cost.
credential_names contains name if {
	some name in {env.name |
		some c in lib.containers
		some env in object.get(c.container, "env", [])
		is_string(env.value)
	}
	credential_name(name)
}

tokens(name) := split(replace(replace(upper(name), "-", "_"), ".", "_"), "_")

credential_name(name) if {
	ts := tokens(name)
	not pointer_words[ts[count(ts) - 1]]
	credential_tokens(ts)
}

credential_tokens(ts) if {
	some t in ts
	secret_words[t]
}

credential_tokens(ts) if {
	some i, t in ts
	t == "KEY"
	i > 0
	key_qualifiers[ts[i - 1]]
}

literal(value) if {
	trim_space(value) != ""
	not startswith(value, "$(")
	not startswith(value, "/")
	not lower(value) in switch_values
}
