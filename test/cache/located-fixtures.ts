// A Deployment of the located-ranges tests: findings on several lines (networkpolicy, token, the
// container's name line, the image line 15); `extra` ends the container's name line (a comment).
export const workload = (name: string, image: string, extra = '') =>
  [
    'apiVersion: apps/v1', // 1
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    '  namespace: shop', // 5
    'spec:',
    '  selector:',
    `    matchLabels: {app: ${name}}`,
    '  template:',
    '    metadata:', // 10
    `      labels: {app: ${name}}`,
    '    spec:',
    '      containers:',
    `      - name: app${extra}`,
    `        image: ${image}`, // 15
    '',
  ].join('\n');
