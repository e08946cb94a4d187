package kubelint.rules.rbac_wildcard_test

import data.kubelint.rbactest as b
import data.kubelint.rules.rbac_wildcard as rule
import data.kubelint.testutil as t

test_each_wildcard_is_reported_where_it_is if {
	r := b.role("ClusterRole", [b.rule(["*"], ["pods", "*"], ["get", "*"])])
	t.paths(rule.violation) == {["rules", 0, "apiGroups", 0], ["rules", 0, "resources", 1], ["rules", 0, "verbs", 1]} with input as t.batch([r])
}

test_explicit_lists_pass if {
	r := b.role("Role", [b.rule([""], ["pods", "pods/log"], ["get", "list"]), {"nonResourceURLs": ["/healthz"], "verbs": ["get"]}])
	count(rule.violation) == 0 with input as t.batch([r])
}

test_subresource_wildcard_is_not_a_full_wildcard if {
	r := b.role("Role", [b.rule(["apps"], ["*/scale"], ["get"])])
	count(rule.violation) == 0 with input as t.batch([r])
}

test_aggregated_cluster_role_is_skipped if {
	r := object.union(b.role("ClusterRole", [b.rule(["*"], ["*"], ["*"])]), {"aggregationRule": {"clusterRoleSelectors": [{"matchLabels": {"a": "b"}}]}})
	count(rule.violation) == 0 with input as t.batch([r])
}

test_message_names_role_and_field if {
	some v in rule.violation with input as t.batch([b.role("Role", [b.rule([""], ["pods"], ["*"])])])
	v.msg == "Role \"r\" rules[0] grants every verb (\"*\" in verbs); list the verbs it needs"
}
