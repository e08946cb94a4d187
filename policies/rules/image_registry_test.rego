package kubelint.rules.image_registry_test

import data.kubelint.rules.image_registry as rule
import data.kubelint.testutil as t

found(image, params) := count(vs) if {
	p := t.pod("p", {"containers": [object.union(t.good_container("a"), {"image": image})]})
	vs := rule.violation with input as t.with_params([p], {"image-registry": params})
}

test_no_options_report_nothing if {
	found("evil.example/x:1", {}) == 0
}

test_prefixes_at_a_boundary if {
	found("registry.example.com/team/app:1", {"allowed": ["registry.example.com"]}) == 0
	found("registry.example.com/team/app:1", {"allowed": ["registry.example.com/"]}) == 0
	found("registry.example.com.evil.io/app:1", {"allowed": ["registry.example.com"]}) == 1
	found("ghcr.io/acme/app@sha256:abc", {"allowed": ["ghcr.io/acme"]}) == 0
	found("ghcr.io/acmeevil/app:1", {"allowed": ["ghcr.io/acme"]}) == 1
}

test_docker_hub_defaults if {
	found("nginx:1.27", {"allowed": ["docker.io/library"]}) == 0
	found("bitnami/redis:7", {"allowed": ["docker.io/bitnami"]}) == 0
	found("bitnami/redis:7", {"allowed": ["docker.io/library"]}) == 1
	found("localhost:5000/app:1", {"allowed": ["localhost:5000"]}) == 0
}

test_patterns if {
	found("123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1", {"patterns": [`^[0-9]+\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com/`]}) == 0
	found("quay.io/app:1", {"patterns": [`^ghcr\.io/`]}) == 1
}
