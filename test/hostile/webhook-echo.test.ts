// Hostile input, round 2 (#21 item 3): nothing of a request comes back in the webhook's 400/404/415
// replies or in its log — the JSON parser's own message quoted ~10 characters around the error
// (once a Secret's stringData) — and a Secret's redacted denial says the rule was not met.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/defaults.js';
import { getLinter } from '../../src/engine/linter-factory.js';
import { staticInventory } from '../../src/webhook/inventory.js';
import { createAdmissionPolicy } from '../../src/webhook/policy.js';
import type { RunningWebhook } from '../../src/webhook/webhook.js';
import { call, makeCertificate, startTestWebhook, tempDir, type CapturedLogs } from '../webhook/helpers.js';

const tls = makeCertificate(tempDir());
const SECRET = 'Qz7hunter2Wv';

/** Every 4-character window of the secret: a reply quoting any of it leaks part of the value. */
function leaks(text: string): string[] {
  const found: string[] = [];
  for (let i = 0; i + 4 <= SECRET.length; i++) if (text.includes(SECRET.slice(i, i + 4))) found.push(SECRET.slice(i, i + 4));
  return found;
}

describe('malformed requests echo nothing of themselves', () => {
  let webhook: RunningWebhook;
  let logs: CapturedLogs;
  beforeAll(async () => {
    ({ webhook, logs } = await startTestWebhook(tls));
  });
  afterAll(() => webhook.shutdown(1000));

  const head = '{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u1","operation":"CREATE","kind":{"group":"","version":"v1","kind":"Secret"},"object":{"kind":"Secret","stringData":{"password":';
  const bodies: Array<[string, string, RegExp]> = [
    // The unquoted value: V8 says `Unexpected token 'Q', ..."password":Qz7hunter2"... is not valid JSON`.
    ['unquoted value', `${head}${SECRET}}}}}`, /^body is not valid JSON$/],
    ['control character in a string', `${head}"${SECRET}\u0001"}}}}`, /^body is not valid JSON \(at character \d+\)$/],
    ['truncated body', `${head}"${SECRET}`, /^body is not valid JSON \(at character \d+\)$/],
    ['kind', `{"apiVersion":"admission.k8s.io/v1","kind":"${SECRET}"}`, /^kind must be "AdmissionReview"$/],
    ['apiVersion', `{"apiVersion":"${SECRET}","kind":"AdmissionReview"}`, /^apiVersion must be "admission.k8s.io\/v1"$/],
  ];
  for (const [name, body, error] of bodies) {
    it(`400 for a malformed body (${name}) without quoting it, in the reply or the log`, async () => {
      logs.lines.length = 0;
      const res = await call(webhook.address.port, tls.pem, { headers: { 'Content-Type': 'application/json' }, body });
      expect(res.status).toBe(400);
      expect(res.json().error).toMatch(error);
      expect(logs.entries().find((e) => e.msg === 'request rejected')?.error).toMatch(error);
      expect(leaks(res.body + logs.lines.join('\n'))).toEqual([]);
    });
  }

  it('415 and 404 do not quote the Content-Type or the path', async () => {
    logs.lines.length = 0;
    const type = await call(webhook.address.port, tls.pem, { headers: { 'Content-Type': `text/${SECRET}` }, body: '{}' });
    expect(type.status).toBe(415);
    const route = await call(webhook.address.port, tls.pem, { method: 'GET', path: `/${SECRET}` });
    expect(route.status).toBe(404);
    expect(leaks(type.body + route.body + logs.lines.join('\n'))).toEqual([]);
  });
});

describe('a redacted Secret denial', () => {
  it('says the schema rule failed instead of "Resource matches its Kubernetes schema", and shows no value', async () => {
    const config = defaultConfig(process.cwd());
    const policy = createAdmissionPolicy({ linter: await getLinter(), config, inventory: staticInventory([]), exemptNamespaces: new Set() });
    // data values must be base64 and stringData values strings: two schema findings on the Secret.
    const object = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'shop' }, type: 'Opaque', data: { password: `${SECRET}!!` }, stringData: { token: 12345 } };
    const decision = policy.decide({ uid: 'u2', kind: { group: '', version: 'v1', kind: 'Secret' }, operation: 'CREATE', namespace: 'shop', object });
    expect(decision.response.status?.message).toBe(
      'kubelint: Secret "db" in namespace "shop" has 2 policy violations:\n' +
        '- [schema] data.password: fails the rule "Resource matches its Kubernetes schema" (details are not shown for Secrets)\n' +
        '- [schema] stringData.token: fails the rule "Resource matches its Kubernetes schema" (details are not shown for Secrets)',
    );
    expect(leaks(JSON.stringify(decision))).toEqual([]);
  });
});
