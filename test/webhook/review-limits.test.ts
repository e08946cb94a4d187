// Review limits from the config (webhook.limits): an operator whose objects legitimately exceed the
// defaults raises them instead of exempting a namespace; a lower limit denies sooner. The schema
// keeps them within what the walk and the evaluation are tested with.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/load.js';
import { getLinter } from '../../src/engine/linter-factory.js';
import type { RunningWebhook } from '../../src/webhook/webhook.js';
import { call, makeCertificate, startTestWebhook, tempDir, type HttpResult } from './helpers.js';

const tls = makeCertificate(tempDir());

function podReview(uid: string, spec: string): string {
  const object = `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"big","namespace":"shop","labels":{"app":"big"}},"spec":${spec}}`;
  return `{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"${uid}","kind":{"group":"","version":"v1","kind":"Pod"},"operation":"CREATE","namespace":"shop","name":"big","object":${object}}}`;
}

/** n well-formed containers (each passes the recommended rules the test looks at or not). */
function containers(n: number): string {
  return `{"containers":[${Array.from({ length: n }, (_, i) => `{"name":"c${i}","image":"busybox:1.36.1"}`).join(',')}]}`;
}

function post(port: number, body: string): Promise<HttpResult> {
  return call(port, tls.pem, { path: '/validate', headers: { 'Content-Type': 'application/json' }, body });
}

function configDir(webhook: unknown): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubelint-limits-'));
  writeFileSync(path.join(dir, '.kubelint.json'), JSON.stringify({ webhook }));
  return dir;
}

describe('webhook.limits in the config file', () => {
  it('accepts limits within bounds and keeps the defaults for the ones left out', async () => {
    const config = await resolveConfig({ cwd: configDir({ limits: { maxContainers: 150, maxDepth: 1000 } }) });
    expect(config.webhook.limits).toEqual({ maxContainers: 150, maxDepth: 1000 });
    expect(config.webhook.port).toBe(8443);
  });

  it.each([
    [{ maxContainers: 0 }, 'webhook.limits.maxContainers: must be >= 1'],
    [{ maxDepth: 5000 }, 'webhook.limits.maxDepth: must be <= 1000'],
    [{ maxArrayItems: 2.5 }, 'webhook.limits.maxArrayItems: must be integer'],
    [{ maxValues: 10 }, 'webhook.limits.maxValues: must be >= 100'],
    [{ maxSidecars: 3 }, 'webhook.limits: unknown key "maxSidecars"'],
  ])('refuses %j naming the field', async (limits, message) => {
    await expect(resolveConfig({ cwd: configDir({ limits }) })).rejects.toThrow(`.kubelint.json: ${message}`);
  });
});

describe('webhook.limits in a running webhook, with the real rules', () => {
  let webhook: RunningWebhook | undefined;
  afterEach(() => webhook?.shutdown(1000));

  async function start(limits?: Record<string, number>): Promise<number> {
    const started = await startTestWebhook(tls, { linter: await getLinter(), webhook: { failurePolicy: 'allow', limits } });
    webhook = started.webhook;
    return started.port;
  }

  it('a raised maxContainers evaluates a Pod of 120 containers the default denies', async () => {
    const body = podReview('u-120', containers(120));
    const denied = (await post(await start(), body)).json().response;
    expect(denied.status?.message).toContain('spec has 120 containers, over the limit of 100 per pod');
    await webhook!.shutdown(1000);
    const evaluated = (await post(await start({ maxContainers: 150 }), body)).json().response;
    expect(evaluated.status?.message ?? '').not.toContain('over the limit');
    expect(webhook!.metrics.overLimit.get({ limit: 'containers' }) ?? 0).toBe(0);
  }, 120_000);

  it('a lowered maxArrayItems denies a Pod the default evaluates', async () => {
    const env = Array.from({ length: 20 }, (_, i) => `{"name":"E${i}","value":"v"}`).join(',');
    const body = podReview('u-env', `{"containers":[{"name":"c","image":"busybox:1.36.1","env":[${env}]}]}`);
    expect((await post(await start(), body)).json().response.status?.message ?? '').not.toContain('over the limit');
    await webhook!.shutdown(1000);
    const denied = (await post(await start({ maxArrayItems: 10 }), body)).json().response;
    expect(denied).toMatchObject({ allowed: false });
    expect(denied.status.message).toContain('spec.containers[0].env has 20 items, over the limit of 10');
  }, 120_000);

  it('evaluates an object nested to the highest maxDepth the schema allows (1,000)', async () => {
    const port = await start({ maxDepth: 1000, maxValues: 1_000_000 });
    // The Pod is level 1 and spec level 2: n objects in spec.affinity reach level n + 2.
    const deep = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
    const within = (await post(port, podReview('u-1000', `{"containers":[{"name":"c","image":"busybox:1.36.1"}],"affinity":${deep(998)}}`))).json().response;
    expect(within.status.message).not.toMatch(/over the limit|nested deeper|not evaluated/);
    expect(within.status.message).toContain('[schema] spec.affinity.a: spec.affinity.a: unknown field "a"'); // evaluated
    const over = (await post(port, podReview('u-1001', `{"containers":[{"name":"c","image":"busybox:1.36.1"}],"affinity":${deep(999)}}`))).json().response;
    expect(over.status.message).toContain('is nested deeper than the limit of 1000 levels');
  }, 120_000);
});
