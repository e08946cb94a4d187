# Label-selector matching: LabelSelector (matchLabels AND matchExpressions) and plain maps.
package kubelint.lib

# A LabelSelector matches when every matchLabels entry and every matchExpression holds.
# An empty selector ({}) matches everything; a null/absent one is handled by the caller.
selector_matches(selector, labels) if {
	is_object(selector)
	every key, value in object.get(selector, "matchLabels", {}) {
		labels[key] == value
	}
	every expr in object.get(selector, "matchExpressions", []) {
		expression_matches(expr, labels)
	}
}

expression_matches(expr, labels) if {
	expr.operator == "In"
	labels[expr.key] in object.get(expr, "values", [])
}

expression_matches(expr, labels) if {
	expr.operator == "NotIn"
	not has_key(labels, expr.key)
}

expression_matches(expr, labels) if {
	expr.operator == "NotIn"
	value := labels[expr.key]
	not value in object.get(expr, "values", [])
}

expression_matches(expr, labels) if {
	expr.operator == "Exists"
	has_key(labels, expr.key)
}

expression_matches(expr, labels) if {
	expr.operator == "DoesNotExist"
	not has_key(labels, expr.key)
}

# Whether a LabelSelector selects nothing at all by construction is not decided here:
# an empty selector selects every pod of the namespace.
empty_selector(selector) if {
	is_object(selector)
	count(object.get(selector, "matchLabels", {})) == 0
	count(object.get(selector, "matchExpressions", [])) == 0
}
