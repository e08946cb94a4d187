// kubelint serve behind a real kube-apiserver, driven by kubectl: what users see when they apply,
// dry-run, update, delete and scale.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { kubectl, mustKubectl } from './harness/kubectl.js';
import { deployment, PLAIN, solarSync, yaml } from './harness/objects.js';
import { startSuite, type Suite } from './harness/suite.js';
import { Webhook } from './harness/webhook.js';

/** Two error-level violations (errors deny in the default preset; an unpinned image only warns). */
function hostPid(d: Record<string, any>): void {
  d.spec.template.spec.hostPID = true;
}
function noLivenessProbe(d: Record<string, any>): void {
  delete d.spec.template.spec.containers[0].livenessProbe;
}
const DENIED = 'admission webhook "validate.kubelint.io" denied the request: ';

describe('kubelint serve behind kube-apiserver (kubectl)', () => {
  let suite: Suite;
  let warn: Webhook; // defaults: cross-resource findings warn
  let deny: Webhook; // --cross-resource deny
  beforeAll(async () => {
    suite = await startSuite('admission');
    warn = await Webhook.start(suite.cluster, suite.cluster.apiServer, { name: 'kubelint-warn' });
    deny = await Webhook.start(suite.cluster, suite.cluster.apiServer, { name: 'kubelint-deny', args: ['--cross-resource', 'deny'] });
  });
  afterEach(() => suite.unregisterAll());
  afterAll(async () => {
    await warn?.stop();
    await deny?.stop();
    await suite?.cluster.stop();
  });

  const ca = () => suite.cluster.ca.pem();

  it('admits the Solar Sync manifests with `kubectl apply -f` into a fresh namespace, even with --cross-resource deny', async () => {
    await suite.register({ name: 'solar-sync', url: deny.url, caPem: ca(), namespaces: ['solar-sync'], failurePolicy: 'Fail' });
    const applied = await kubectl(suite.admin, ['apply', '-f', PLAIN]);
    expect(applied.stderr.replace(/^Warning: .*\n/gm, '')).toBe('');
    expect(applied.code).toBe(0);
    // Objects created before the workload they select only get the dangling-selector warning.
    for (const w of applied.warnings) expect(w).toMatch(/^\[selector-dangling\] /);
    const got = await mustKubectl(suite.admin, ['get', '-f', PLAIN, '-o', 'name']);
    expect(got.stdout.trim().split('\n')).toHaveLength(10); // every object of the ten files exists
    // A second apply is an UPDATE of everything with nothing changed: quiet.
    const again = await kubectl(suite.admin, ['apply', '-f', PLAIN]);
    expect([again.code, again.warnings]).toEqual([0, []]);
  });

  it('denies a non-compliant Deployment with the readable message; --dry-run=server answers the same and stores nothing', async () => {
    const ns = await suite.namespace('e2e-deny');
    await suite.register({ name: 'e2e-deny', url: warn.url, caPem: ca(), namespaces: [ns], failurePolicy: 'Fail' });
    const bad = deployment(ns, (d) => {
      d.metadata.name = 'ledger';
      hostPid(d);
      noLivenessProbe(d);
    });
    for (const args of [['--dry-run=server'], []]) {
      const res = await suite.apply(yaml(bad), args);
      expect(res.code).toBe(1);
      // (other rules, e.g. Pod Security controls, may add their own lines)
      expect(res.stderr).toMatch(new RegExp(`${DENIED}kubelint: Deployment "ledger" in namespace "e2e-deny" has \\d+ policy violations:`));
      expect(res.stderr).toMatch(/^- \[liveness-probe\] spec\.template\.spec\.containers\[0\]/m);
      expect(res.stderr).toMatch(/^- \[no-host-namespaces\] spec\.template\.spec\.hostPID: /m);
    }
    const good = deployment(ns, (d) => (d.metadata.name = 'ledger'));
    const dry = await suite.apply(yaml(good), ['--dry-run=server']);
    expect([dry.code, dry.stdout.trim()]).toEqual([0, 'deployment.apps/ledger created (server dry run)']);
    expect((await kubectl(suite.admin, ['get', 'deployment', 'ledger', '-n', ns])).stderr).toContain('NotFound');
  });

  it('shows whole warnings in kubectl: namespace and fix included, beyond the old 120 characters', async () => {
    const ns = await suite.namespace('e2e-warnings');
    await suite.register({ name: 'e2e-warnings', url: warn.url, caPem: ca(), namespaces: [ns] });
    const res = await suite.apply(yaml(deployment(ns, (d) => (d.metadata.name = 'meter-reader'))));
    expect(res.code).toBe(0);
    const pdb = res.warnings.find((w) => w.startsWith('[pdb-required]'));
    expect(pdb).toBe(
      '[pdb-required] spec.replicas: Deployment "meter-reader" runs 2 replicas but no PodDisruptionBudget in namespace "e2e-warnings" selects its pods; add one (e.g. maxUnavailable: 1) so voluntary disruptions keep it available',
    );
    expect(res.warnings.find((w) => w.startsWith('[networkpolicy-egress]'))).toMatch(/no NetworkPolicy in namespace "e2e-warnings" .*plus the destinations it needs\)$/);
  });

  it('sees a PDB deleted through its watch: the next update of the Deployment warns', async () => {
    const ns = await suite.namespace('e2e-watch');
    await suite.register({ name: 'e2e-watch', url: warn.url, caPem: ca(), namespaces: [ns] });
    const objects = solarSync(ns, ['ServiceAccount', 'ConfigMap', 'NetworkPolicy', 'PodDisruptionBudget', 'Deployment']);
    await mustKubectl(suite.admin, ['apply', '-f', '-'], yaml(...objects));
    const touch = async (value: string) =>
      suite.apply(yaml(deployment(ns, (d) => d.spec.template.spec.containers[0].env.push({ name: 'E2E_REVISION', value }))));
    const before = await touch('1');
    expect([before.code, before.warnings.filter((w) => w.startsWith('[pdb-required]'))]).toEqual([0, []]);
    await mustKubectl(suite.admin, ['delete', 'pdb', 'solar-sync', '-n', ns]);
    let n = 2;
    let after = await touch(String(n));
    // The DELETED event reaches the webhook's inventory asynchronously; it takes milliseconds.
    while (!after.warnings.some((w) => w.startsWith('[pdb-required]')) && n < 20) {
      await new Promise((r) => setTimeout(r, 250));
      after = await touch(String(++n));
    }
    expect(after.code).toBe(0);
    expect(after.warnings).toContain(
      `[pdb-required] spec.replicas: Deployment "solar-sync" runs 2 replicas but no PodDisruptionBudget in namespace "${ns}" selects its pods; add one (e.g. maxUnavailable: 1) so voluntary disruptions keep it available`,
    );
  });

  it('lets a non-compliant object admitted before the webhook lose its finalizer, and judges its updates on what they change', async () => {
    const ns = await suite.namespace('e2e-finalizer');
    const old = deployment(ns, (d) => {
      d.metadata.name = 'legacy-exporter';
      d.metadata.finalizers = ['e2e.kubelint.io/export-ledger'];
      hostPid(d);
    });
    await mustKubectl(suite.admin, ['apply', '-f', '-'], yaml(old)); // no webhook registered yet
    await suite.register({ name: 'e2e-finalizer', url: warn.url, caPem: ca(), namespaces: [ns], failurePolicy: 'Fail' });

    // An unrelated change keeps the old violation: admitted, the violation shown as pre-existing.
    const edited = await suite.apply(yaml({ ...old, spec: { ...old.spec, revisionHistoryLimit: 3 } }));
    expect(edited.code).toBe(0);
    expect(edited.warnings.some((w) => w.startsWith('[no-host-namespaces, pre-existing] spec.template.spec.hostPID: '))).toBe(true);
    // A change that adds a violation is denied.
    const worse = structuredClone(old);
    noLivenessProbe(worse);
    const denied = await suite.apply(yaml(worse));
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(new RegExp(`${DENIED}kubelint: Deployment "legacy-exporter" in namespace "e2e-finalizer" has \\d+ policy violations?:`));
    expect(denied.stderr).toMatch(/^- \[liveness-probe\] /m);
    expect(denied.stderr).not.toMatch(/^- \[no-host-namespaces\]/m); // pre-existing: not a reason to deny

    await mustKubectl(suite.admin, ['delete', 'deployment', 'legacy-exporter', '-n', ns, '--wait=false']);
    const terminating = await mustKubectl(suite.admin, ['get', 'deployment', 'legacy-exporter', '-n', ns, '-o', 'jsonpath={.metadata.deletionTimestamp}']);
    expect(terminating.stdout).not.toBe('');
    const released = await kubectl(suite.admin, ['patch', 'deployment', 'legacy-exporter', '-n', ns, '--type=json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]']);
    expect(released.stderr).toBe('');
    expect(released.code).toBe(0);
    expect((await kubectl(suite.admin, ['get', 'deployment', 'legacy-exporter', '-n', ns])).stderr).toContain('NotFound');
  });

  it('reads the Pod Security labels of the Namespace from the cluster (enforce=restricted denies even where cross-resource findings warn; unlabelled only warns)', async () => {
    const ns = await suite.namespace('e2e-pss');
    await suite.register({ name: 'e2e-pss', url: warn.url, caPem: ca(), namespaces: [ns], failurePolicy: 'Fail' });
    await mustKubectl(suite.admin, ['apply', '-f', '-'], yaml(...solarSync(ns, ['ServiceAccount', 'ConfigMap', 'NetworkPolicy', 'PodDisruptionBudget'])));
    const noSeccomp = yaml(deployment(ns, (d) => {
      delete d.spec.template.spec.securityContext.seccompProfile;
      delete d.spec.template.spec.containers[0].securityContext.seccompProfile;
    }));
    const unlabelled = await suite.apply(noSeccomp, ['--dry-run=server']);
    expect(unlabelled.code).toBe(0);
    expect(unlabelled.warnings.some((w) => w.startsWith('[seccomp-profile]'))).toBe(true);
    await mustKubectl(suite.admin, ['label', 'namespace', ns, 'pod-security.kubernetes.io/enforce=restricted', 'pod-security.kubernetes.io/enforce-version=v1.36']);
    const labelled = await suite.apply(noSeccomp, ['--dry-run=server']);
    expect(labelled.code).toBe(1);
    expect(labelled.stderr).toMatch(/^- \[pss-seccomp-profile-restricted\] .*violates PodSecurity "restricted:v1\.36": seccompProfile/m);
  });

  it('judges `kubectl scale` as the Deployment with the new replica count', async () => {
    const ns = await suite.namespace('e2e-scale');
    await suite.register({ name: 'e2e-scale', url: deny.url, caPem: ca(), namespaces: [ns], failurePolicy: 'Fail' });
    const setup = solarSync(ns, ['ServiceAccount', 'ConfigMap', 'NetworkPolicy']);
    const single = deployment(ns, (d) => (d.spec.replicas = 1));
    await mustKubectl(suite.admin, ['apply', '-f', '-'], yaml(...setup, single));
    const scaled = await kubectl(suite.admin, ['scale', 'deployment', 'solar-sync', '-n', ns, '--replicas=3']);
    expect(scaled.code).toBe(1);
    expect(scaled.stderr).toContain(`${DENIED}kubelint: Deployment "solar-sync" in namespace "e2e-scale" has 1 policy violation:`);
    expect(scaled.stderr).toContain(`- [pdb-required] spec.replicas: Deployment "solar-sync" runs 3 replicas but no PodDisruptionBudget in namespace "e2e-scale" selects its pods`);
    expect((await mustKubectl(suite.admin, ['get', 'deployment', 'solar-sync', '-n', ns, '-o', 'jsonpath={.spec.replicas}'])).stdout).toBe('1');

    await mustKubectl(suite.admin, ['apply', '-f', '-'], yaml(...solarSync(ns, ['PodDisruptionBudget'])));
    await until(async () => (await kubectl(suite.admin, ['scale', 'deployment', 'solar-sync', '-n', ns, '--replicas=3'])).code === 0);
    expect((await mustKubectl(suite.admin, ['get', 'deployment', 'solar-sync', '-n', ns, '-o', 'jsonpath={.spec.replicas}'])).stdout).toBe('3');
  });
});

async function until(probe: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 250));
  }
}
