# METADATA
# title: No latest tag
# custom:
#   id: bench-latest-tag
#   severity: warning
package bench.latest_tag

import data.kubelint.lib

violation contains {"index": c.workload.index, "msg": concat("", [lib.describe(c), " uses the latest tag"]), "path": array.concat(c.path, ["image"])} if {
	some c in lib.containers
	endswith(c.container.image, ":latest")
}
