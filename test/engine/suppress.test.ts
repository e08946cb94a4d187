import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/defaults.js';
import type { Exemption, ResolvedConfig } from '../../src/config/types.js';
import { containerOf, createSuppressor } from '../../src/engine/suppress.js';
import { parseManifestText } from '../../src/load/yaml.js';
import { identifyResources } from '../../src/load/resources.js';
import type { Finding, JsonPath, Resource, Violation } from '../../src/types.js';

function load(text: string, name = 'app.yaml'): Resource[] {
  const parsed = parseManifestText(text, { kind: 'file', name });
  return identifyResources(parsed.manifests).resources;
}

/** A violation and the finding the engine would make of it (file and range from locate). */
function found(resource: Resource, ruleId: string, path: JsonPath): [Violation, Finding] {
  const v: Violation = { ruleId, message: `${ruleId} problem`, resource, path };
  const location = resource.manifest!.locate([...resource.basePath, ...path]);
  const f: Finding = { ruleId, severity: 'error', message: v.message, file: location.file, ...(location.range ? { range: location.range } : {}) };
  return [v, f];
}

function config(exemptions: Exemption[] = [], rules: ResolvedConfig['rules'] = {}): ResolvedConfig {
  return { ...defaultConfig(process.cwd()), exemptions, rules, configFile: '.kubelint.json' };
}

const today = new Date('2026-06-15T12:00:00Z');

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    spec:
      containers:
        - name: app
          # kubelint-disable-next-line image-tag-pinned -- vendor image, tag managed upstream
          image: nginx
          securityContext:
            privileged: true
        - name: sidecar
          image: envoy
`;

describe('comment suppressions', () => {
  it('disable-next-line covers only the finding on the next line, for the named rules', () => {
    const [web] = load(deployment);
    const s = createSuppressor([web!], config(), today);
    const image = s.apply(...found(web!, 'image-tag-pinned', ['spec', 'template', 'spec', 'containers', 0, 'image']));
    expect(image.suppressed).toEqual({ kind: 'comment', reason: 'vendor image, tag managed upstream' });
    const other = s.apply(...found(web!, 'image-tag-pinned', ['spec', 'template', 'spec', 'containers', 1, 'image']));
    expect(other.suppressed).toBeUndefined();
    const otherRule = s.apply(...found(web!, 'no-privileged', ['spec', 'template', 'spec', 'containers', 0, 'image']));
    expect(otherRule.suppressed).toBeUndefined();
    expect(s.unused()).toEqual([]);
  });

  it('disable-line (ESLint\'s same-line form) covers only findings starting on its own line', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: debug
spec:
  containers:
    - name: shell
      image: registry.example/toolbox:2024.06
      securityContext:
        privileged: true # kubelint-disable-line no-privileged -- node debugging pod, deleted after use
        runAsUser: 0
`;
    const [pod] = load(text);
    const s = createSuppressor([pod!], config(), today);
    const sc = ['spec', 'containers', 0, 'securityContext'];
    expect(s.apply(...found(pod!, 'no-privileged', [...sc, 'privileged'])).suppressed).toEqual({ kind: 'comment', reason: 'node debugging pod, deleted after use' });
    expect(s.apply(...found(pod!, 'no-privileged', [...sc, 'runAsUser'])).suppressed).toBeUndefined();
    expect(s.apply(...found(pod!, 'run-as-non-root', [...sc, 'privileged'])).suppressed).toBeUndefined();
    expect(s.unused()).toEqual([]);
  });

  it('disable covers the rest of the document only', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: a
spec:
  # kubelint-disable no-privileged,run-as-non-root -- debugging pod, deleted after use
  containers:
    - name: x
      securityContext:
        privileged: true
---
apiVersion: v1
kind: Pod
metadata:
  name: b
spec:
  containers:
    - name: y
      securityContext:
        privileged: true
`;
    const [a, b] = load(text);
    const s = createSuppressor([a!, b!], config(), today);
    const path = ['spec', 'containers', 0, 'securityContext', 'privileged'];
    expect(s.apply(...found(a!, 'no-privileged', path)).suppressed?.kind).toBe('comment');
    expect(s.apply(...found(b!, 'no-privileged', path)).suppressed).toBeUndefined();
    // Before the comment's line: not covered.
    expect(s.apply(...found(a!, 'no-privileged', ['metadata', 'name'])).suppressed).toBeUndefined();
    expect(s.unused()).toEqual([]);
  });

  it('ignores comments from another file', () => {
    const [web] = load(deployment);
    const s = createSuppressor([web!], config(), today);
    const [v, f] = found(web!, 'image-tag-pinned', ['spec', 'template', 'spec', 'containers', 0, 'image']);
    expect(s.apply(v, { ...f, file: 'templates/other.yaml' }).suppressed).toBeUndefined();
  });

  it('a comment without a reason suppresses nothing and is reported', () => {
    const text = deployment.replace(' -- vendor image, tag managed upstream', '');
    const [web] = load(text);
    const s = createSuppressor([web!], config(), today);
    expect(s.apply(...found(web!, 'image-tag-pinned', ['spec', 'template', 'spec', 'containers', 0, 'image'])).suppressed).toBeUndefined();
    const extra = s.unused();
    expect(extra).toHaveLength(1);
    expect(extra[0]).toMatchObject({ ruleId: 'suppression-missing-reason', severity: 'warning', file: 'app.yaml', range: { line: 11 } });
    expect(extra[0]!.message).toContain('-- <reason>');
  });

  it('reports an unused comment with its file and line', () => {
    const [web] = load(deployment);
    const s = createSuppressor([web!], config(), today);
    const extra = s.unused();
    expect(extra).toEqual([
      expect.objectContaining({ ruleId: 'unused-suppression', severity: 'warning', file: 'app.yaml', range: expect.objectContaining({ line: 11 }) }),
    ]);
  });
});

describe('annotation suppressions', () => {
  const annotated = (ignore: string, reason?: string) => `apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    kubelint.io/ignore: "${ignore}"
${reason ? `    kubelint.io/ignore-reason: "${reason}"\n` : ''}spec:
  containers:
    - name: x
      image: busybox
`;

  it('suppresses the listed rules on that resource only', () => {
    const [p] = load(annotated('image-tag-pinned, no-privileged', 'test fixture'));
    const [q] = load(annotated('x', 'y').replace('name: p', 'name: q'));
    const s = createSuppressor([p!, q!], config(), today);
    expect(s.apply(...found(p!, 'image-tag-pinned', ['spec', 'containers', 0, 'image'])).suppressed).toEqual({ kind: 'annotation', reason: 'test fixture' });
    expect(s.apply(...found(p!, 'resource-limits', ['spec', 'containers', 0])).suppressed).toBeUndefined();
    expect(s.apply(...found(q!, 'image-tag-pinned', ['spec', 'containers', 0, 'image'])).suppressed).toBeUndefined();
    // q's annotation (rule "x") matched nothing; p's matched.
    const extra = s.unused();
    expect(extra.map((f) => [f.ruleId, f.range?.line])).toEqual([['unused-suppression', 6]]);
    expect(extra[0]!.message).toContain('on Pod "q"');
  });

  it('"all" covers every rule, and a missing reason disables the annotation', () => {
    const [p] = load(annotated('all', 'legacy'));
    const s = createSuppressor([p!], config(), today);
    expect(s.apply(...found(p!, 'anything', ['spec'])).suppressed?.kind).toBe('annotation');
    const [bare] = load(annotated('all'));
    const t = createSuppressor([bare!], config(), today);
    expect(t.apply(...found(bare!, 'anything', ['spec'])).suppressed).toBeUndefined();
    expect(t.unused().map((f) => f.ruleId)).toEqual(['suppression-missing-reason']);
  });

  it('never suppresses fatal findings', () => {
    const [p] = load(annotated('all', 'legacy'));
    const s = createSuppressor([p!], config(), today);
    const [v, f] = found(p!, 'parse-error', ['spec']);
    expect(s.apply(v, { ...f, fatal: true }).suppressed).toBeUndefined();
  });
});

describe('config exemptions', () => {
  const [web] = load(deployment, 'vendor/chart/web.yaml');
  const imagePath = ['spec', 'template', 'spec', 'containers', 1, 'image'];

  it('matches every given selector: path glob, kind, namespace, name, container', () => {
    const exemption: Exemption = { rules: ['image-tag-pinned'], reason: 'vendored', paths: ['vendor/**'], kinds: ['Deployment'], namespaces: ['shop'], names: ['w*'], containers: ['sidecar'] };
    const s = createSuppressor([web!], config([exemption]), today);
    expect(s.apply(...found(web!, 'image-tag-pinned', imagePath)).suppressed).toEqual({ kind: 'exemption', reason: 'vendored' });
    // container 0 is "app", not "sidecar"
    expect(s.apply(...found(web!, 'no-privileged', ['spec', 'template', 'spec', 'containers', 0, 'securityContext'])).suppressed).toBeUndefined();
    for (const miss of [{ paths: ['other/**'] }, { kinds: ['Pod'] }, { namespaces: ['default'] }, { names: ['api'] }, { containers: ['app'] }, { rules: ['no-privileged'] }]) {
      const t = createSuppressor([web!], config([{ ...exemption, ...miss }]), today);
      expect(t.apply(...found(web!, 'image-tag-pinned', imagePath)).suppressed, JSON.stringify(miss)).toBeUndefined();
      const fromConfig = t.unused().filter((f) => f.file === '.kubelint.json');
      expect(fromConfig.map((f) => f.ruleId)).toEqual(['unused-suppression']);
    }
  });

  it('an expired exemption does not apply and says so', () => {
    const s = createSuppressor([web!], config([{ rules: ['image-tag-pinned'], reason: 'until upgrade', expires: '2026-06-14' }]), today);
    expect(s.apply(...found(web!, 'image-tag-pinned', imagePath)).suppressed).toBeUndefined();
    const extra = s.unused().filter((f) => f.file === '.kubelint.json');
    expect(extra).toHaveLength(1);
    expect(extra[0]).toMatchObject({ ruleId: 'exemption-expired', severity: 'warning', file: '.kubelint.json' });
    expect(extra[0]!.message).toContain('expired on 2026-06-14');
    expect(extra[0]!.message).toContain('1 finding it covered is reported again');
  });

  it('applies through its expiry day', () => {
    const s = createSuppressor([web!], config([{ rules: ['image-tag-pinned'], reason: 'until upgrade', expires: '2026-06-15' }]), today);
    expect(s.apply(...found(web!, 'image-tag-pinned', imagePath)).suppressed?.kind).toBe('exemption');
  });

  it('honours the configured level of its own warnings', () => {
    const s = createSuppressor([web!], config([{ rules: ['x'], reason: 'r', expires: '2020-01-01' }, { rules: ['x'], reason: 'r' }], { 'unused-suppression': { severity: 'off' }, 'exemption-expired': { severity: 'error' } }), today);
    expect(s.unused().map((f) => [f.ruleId, f.severity])).toEqual([['exemption-expired', 'error']]);
  });
});

describe('containerOf', () => {
  it('names the container a path points into', () => {
    const [web] = load(deployment);
    expect(containerOf(web, ['spec', 'template', 'spec', 'containers', 1, 'image'])).toBe('sidecar');
    expect(containerOf(web, ['spec', 'template', 'spec'])).toBeUndefined();
  });
});
