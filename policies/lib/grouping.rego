# Linear-time grouping for cross-resource rules.
# Rego has no mutable maps, and the obvious per-key comprehension scans the whole batch once per
# key (quadratic). Sorting [key, value] pairs and slicing the runs of equal keys is O(n log n).
package kubelint.lib

# {key: [values]} from an array of [key, value] pairs sorted by key.
group_pairs(sorted) := {sorted[start][0]: [pair[1] | some pair in array.slice(sorted, start, run_end(starts, j, count(sorted)))] |
	starts := [p | some p, _ in sorted; run_starts_at(sorted, p)]
	some j, start in starts
}

run_starts_at(_, 0)

run_starts_at(sorted, p) if {
	p > 0
	sorted[p - 1][0] != sorted[p][0]
}

run_end(starts, j, _) := starts[j + 1] if j + 1 < count(starts)

run_end(starts, j, n) := n if j + 1 == count(starts)
