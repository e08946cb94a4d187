# METADATA
# title: Images come from the company registry
# custom:
#   id: bench-registry
#   severity: error
package bench.registry

import data.kubelint.lib

violation contains {"index": c.workload.index, "msg": sprintf("%s uses image %q from outside registry.example.com", [lib.describe(c), c.container.image]), "path": array.concat(c.path, ["image"])} if {
	some c in lib.containers
	not startswith(c.container.image, "registry.example.com/")
}
