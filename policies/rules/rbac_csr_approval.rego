# METADATA
# title: "Roles do not approve CertificateSigningRequests"
# description: "Approving a CertificateSigningRequest (update on certificatesigningrequests/approval, together with approve on the signer) can mint client certificates for any user or group, system:masters included with some signers."
# custom:
#   id: rbac-csr-approval
#   severity: warning
#   kinds: [Role, ClusterRole]
#   presets: [recommended]
#   scope: resource
#   remediation: "Leave CSR approval to the controller manager and dedicated approvers, restricted with resourceNames to the signers they serve."
package kubelint.rules.rbac_csr_approval

import data.kubelint.lib

grants contains object.union(g, {"r": r}) if {
	some r in lib.rbac_rules
	g := lib.rbac_grant(r, "certificates.k8s.io", ["certificatesigningrequests/approval"], ["update", "patch"])
}

grants contains object.union(g, {"r": r}) if {
	some r in lib.rbac_rules
	count(object.get(r.rule, "resourceNames", [])) == 0
	g := lib.rbac_grant(r, "certificates.k8s.io", ["signers"], ["approve"])
}

violation contains v if {
	some g in grants
	v := {
		"index": g.r.index,
		"msg": concat("", [g.r.role, " ", g.r.where, " grants ", g.verb, " on ", g.resource, ", which approves certificates for any identity; leave it to dedicated approvers"]),
		"path": g.path,
	}
}
