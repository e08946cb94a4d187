# Image references: the registry and repository an image name means once Docker Hub's
# defaults are applied (nginx -> docker.io/library/nginx).
package kubelint.lib

# "registry.example:5000/team/app:1.2@sha256:..." -> "registry.example:5000/team/app"
image_repository(image) := repo if {
	no_digest := split(image, "@")[0]
	segments := split(no_digest, "/")
	last := split(segments[count(segments) - 1], ":")[0]
	repo := concat("/", array.concat(array.slice(segments, 0, count(segments) - 1), [last]))
}

# The repository with Docker Hub's implicit registry and library/ namespace made explicit.
image_full_repository(image) := image_repository(image) if {
	has_registry(image_repository(image))
} else := concat("/", ["docker.io/library", image_repository(image)]) if {
	not contains(image_repository(image), "/")
} else := concat("/", ["docker.io", image_repository(image)])

# The first segment names a registry when it has a dot or a port, or is localhost.
has_registry(repo) if {
	first := split(repo, "/")[0]
	count(split(repo, "/")) > 1
	registry_like(first)
}

registry_like(segment) if contains(segment, ".")

registry_like(segment) if contains(segment, ":")

registry_like("localhost")
