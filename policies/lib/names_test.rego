package kubelint.names_test

import data.kubelint.lib

# The character-class helpers replace these patterns (names.rego): they must agree on every
# string, edge cases first (each pattern holds for some samples and fails for others), then each
# printable ASCII character alone and inside a name (the sets must miss none).
printable := split(concat("", [` !"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_`, "`", `abcdefghijklmnopqrstuvwxyz{|}~`]), "")

samples := array.concat(fixed, [s | some c in printable; some s in [c, concat("", ["a", c, "a"])]])

fixed := [
	"", "a", "z", "A", "Z", "0", "9", "-", "_", ".", "a-", "-a", "a-b", "a--b", "a_b", "_a", "a_",
	"a.b", ".a", "a.", "a..b", "ab.c", "a.b.c", "a-.b", "a.-b", "app.kubernetes.io", "Example.COM",
	"example.com", "x/y", "a b", " a", "a ", "a\n", "\na", "a\t", "é", "aé", "éa", "Ä", "a*", "a+b",
	"http", "HTTP", "Http", "8080", "80-80", "metrics-endpoint", "h2c", "--", "1.2.3", "v1.2.3_rc-1",
	"-a.b", "a.b-", "a.b.", "a-b.c-d", "0.0", "a.B", "a_b.c", "a.b_", "x.y-z.example.com",
]

test_lower_alnum_or_hyphen_is_the_pattern if {
	{s | some s in samples; lib.lower_alnum_or_hyphen(s)} == {s | some s in samples; regex.match(`^[-a-z0-9]+$`, s)}
}

test_has_lower_letter_is_the_pattern if {
	{s | some s in samples; lib.has_lower_letter(s)} == {s | some s in samples; regex.match(`[a-z]`, s)}
}

test_hyphen_at_an_end_is_the_pattern if {
	{s | some s in samples; lib.hyphen_at_an_end(s)} == {s | some s in samples; regex.match(`^-|-$`, s)}
}

test_dns_subdomain_is_the_pattern if {
	{s | some s in samples; lib.dns_subdomain(s)} == {s | some s in samples; regex.match(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`, s)}
}

test_label_name_is_the_pattern if {
	{s | some s in samples; lib.label_name(s)} == {s | some s in samples; regex.match(`^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$`, s)}
}
