# RBAC semantics shared by the rbac-* rules: which Role/ClusterRole rules grant what, with the
# API server's wildcard matching (`*` for verbs, groups and resources; `pods/*` and `*/scale`
# for subresources), and the subjects of bindings.
package kubelint.lib

rbac_role_kinds := {"Role", "ClusterRole"}

rbac_binding_kinds := {"RoleBinding", "ClusterRoleBinding"}

# Every policy rule of every Role and ClusterRole, with where it sits.
rbac_rules contains r if {
	some i, obj in objects
	rbac_role_kinds[obj.kind]
	some j, rule in object.get(obj, "rules", [])
	r := {
		"index": i,
		"role": concat("", [obj.kind, " ", quote(object.get(obj.metadata, "name", ""))]),
		"rule": rule,
		"path": ["rules", j],
		"where": concat("", ["rules[", format_int(j, 10), "]"]),
	}
}

# The rule grants a verb (explicitly or through "*").
rbac_verb(rule, verb) if {
	some v in object.get(rule, "verbs", [])
	v in {verb, "*"}
}

rbac_group(rule, group) if {
	some g in object.get(rule, "apiGroups", [])
	g in {group, "*"}
}

# Position of the resources entry through which the rule covers `resource` (e.g. "pods/exec").
rbac_resource_at(rule, resource) := k if {
	some k, r in object.get(rule, "resources", [])
	rbac_resource_matches(r, resource)
}

rbac_resource_matches("*", _)

rbac_resource_matches(r, r)

# "pods/*" covers every subresource of pods, "*/exec" the exec subresource of every resource.
rbac_resource_matches(r, resource) if {
	parts := split(resource, "/")
	count(parts) == 2
	r in {concat("/", [parts[0], "*"]), concat("/", ["*", parts[1]])}
}

# Asked about "userextras/*" (any subresource): any "userextras/<name>" entry covers part of it.
rbac_resource_matches(r, resource) if {
	endswith(resource, "/*")
	startswith(r, trim_suffix(resource, "*"))
}

# The first entry of the rule granting one of `resources` in `group` with one of `verbs`:
# {resource, entry (as written, e.g. "pods/*"), verb, path}. resourceNames are ignored unless the
# caller checks them.
rbac_grant(r, group, resources, verbs) := g if {
	grants := [{"resource": res, "entry": r.rule.resources[k], "verb": verb, "path": array.concat(r.path, ["resources", k])} |
		rbac_group(r.rule, group)
		some res in resources
		k := rbac_resource_at(r.rule, res)
		some verb in verbs
		rbac_verb(r.rule, verb)
	]
	g := grants[0]
}

# Subjects of every RoleBinding and ClusterRoleBinding, with where they sit.
rbac_subjects contains s if {
	some i, obj in objects
	rbac_binding_kinds[obj.kind]
	some j, subject in object.get(obj, "subjects", [])
	s := {
		"index": i,
		"binding": concat("", [obj.kind, " ", quote(object.get(obj.metadata, "name", ""))]),
		"role_ref": object.get(obj, "roleRef", {}),
		"subject": subject,
		"path": ["subjects", j],
	}
}
