// A Pod with a privileged container at line 9, column 9: the finding install and report tests expect.
export const PRIVILEGED_POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      securityContext:
        privileged: true
      image: registry.example/web:1.0.0
`;
