package kubelint.rules.env_literal_secret_test

import data.kubelint.rules.env_literal_secret as rule
import data.kubelint.testutil as t

found(name, value) := count(vs) if {
	c := object.union(t.good_container("a"), {"env": [{"name": name, "value": value}]})
	vs := rule.violation with input as t.batch([t.pod("p", {"containers": [c]})])
}

test_credentials_fail if {
	found("DB_PASSWORD", "hunter2") == 1
	found("GITHUB_TOKEN", "ghp_x") == 1
	found("aws-secret-access-key", "abc") == 1
	found("STRIPE_API_KEY", "sk_live") == 1
	found("JWT_SIGNING_KEY", "k") == 1
	found("CLIENT_SECRET", "s") == 1
}

test_ordinary_and_pointer_names_pass if {
	found("CACHE_KEY_PREFIX", "shop") == 0
	found("SORT_KEY", "name") == 0
	found("PASSWORD_FILE", "secret.txt") == 0
	found("TOKEN_URL", "https://auth.example/token") == 0
	found("KEYCLOAK_REALM", "shop") == 0
	found("PWD", "app") == 0
}

test_non_literal_values_pass if {
	found("DB_PASSWORD", "") == 0
	found("DB_PASSWORD", "$(DB_PASS_FROM_SECRET)") == 0
	found("TOKEN", "/var/run/secrets/token") == 0
	found("SECRET_ENABLED", "true") == 0
	found("USE_TOKEN", "false") == 0
	found("ENABLE_TOKEN_AUTH", "1") == 0
	found("API_KEY_ROTATION", "off") == 0
}

test_names_ending_in_a_setting_pass if {
	found("TOKEN_REFRESH_INTERVAL", "5m") == 0
	found("JWT_SIGNING_KEY_ALGORITHM", "RS256") == 0
	found("SECRET_STORE", "vault") == 0
	found("AUTH_TOKEN", "5m") == 1
}

test_value_from_passes_and_path if {
	c := object.union(t.good_container("a"), {"env": [{"name": "API_TOKEN", "valueFrom": {"secretKeyRef": {"name": "s", "key": "k"}}}, {"name": "SERVICE_TOKEN", "value": "x"}]})
	t.paths(rule.violation) == {["spec", "containers", 0, "env", 1, "value"]} with input as t.batch([t.pod("p", {"containers": [c]})])
}

# Names are judged once each across containers; only those of env vars with a string value count.
test_credential_names_distinct if {
	a := object.union(t.good_container("a"), {"env": [
		{"name": "DB_PASSWORD", "value": "x"},
		{"name": "LOG_LEVEL", "value": "info"},
		{"name": "API_TOKEN", "valueFrom": {"secretKeyRef": {"name": "s", "key": "k"}}},
	]})
	b := object.union(t.good_container("b"), {"env": [{"name": "DB_PASSWORD", "value": "$(PW)"}, {"name": "SIGNING_KEY", "value": 3}]})
	rule.credential_names == {"DB_PASSWORD"} with input as t.batch([t.pod("p", {"containers": [a, b]})])
}
