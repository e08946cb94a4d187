package kubelint.rules.image_tag_pinned_test

import data.kubelint.rules.image_tag_pinned as rule
import data.kubelint.testutil as t

image_violations(image) := vs if {
	vs := rule.violation with input as t.batch([t.pod("p", {"containers": [object.union(t.good_container("a"), {"image": image})]})])
}

test_pinned_images_pass if {
	count(image_violations("nginx:1.27")) == 0
	count(image_violations("registry.example:5000/team/app:2.0")) == 0
	count(image_violations("nginx@sha256:0123abcd")) == 0
	count(image_violations("nginx:latest@sha256:0123abcd")) == 0
	count(image_violations("localhost:5000/app@sha256:0123abcd")) == 0
}

test_latest_and_untagged_fail if {
	count(image_violations("nginx:latest")) == 1
	count(image_violations("nginx")) == 1
	count(image_violations("registry.example:5000/app")) == 1
	count(image_violations("registry.example:5000/app:latest")) == 1
}

test_message_names_image if {
	some v in image_violations("registry.example:5000/app")
	contains(v.msg, "\"registry.example:5000/app\", which has no tag")
	v.path == ["spec", "containers", 0, "image"]
}

digest_violations(image) := vs if {
	p := t.pod("p", {"containers": [object.union(t.good_container("a"), {"image": image})]})
	vs := rule.violation with input as t.with_params([p], {"image-tag-pinned": {"requireDigest": true}})
}

test_require_digest_option if {
	count(digest_violations("nginx:1.27")) == 1
	count(digest_violations("nginx:1.27@sha256:0123abcd")) == 0
	some v in digest_violations("nginx:latest")
	contains(v.msg, "uses the latest tag")
	count(digest_violations("nginx:latest")) == 1
}
