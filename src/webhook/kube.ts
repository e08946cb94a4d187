// The API server connection: @kubernetes/client-node's KubeConfig supplies the cluster address,
// CA, client certificates and (rotating) tokens; requests keep the raw JSON, unlike the typed
// clients, which would drop fields newer than the client and turn timestamps into Dates, so the
// inventory would differ from what the CLI lints.
import http from 'node:http';
import https from 'node:https';
import { createInterface } from 'node:readline';
import { KubeConfig } from '@kubernetes/client-node';

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** What the reflector needs from the API server. */
export interface KubeTransport {
  /** GET a JSON document (a list). */
  getJson(path: string, signal: AbortSignal): Promise<unknown>;
  /**
   * GET a stream of newline-delimited JSON (a watch); resolves when the server closes it.
   * onOpen runs once the server has accepted the watch (200), before any line.
   */
  streamLines(path: string, signal: AbortSignal, onLine: (line: string) => void, onOpen?: () => void): Promise<void>;
}

/** The in-cluster service account when running in a pod, else KUBECONFIG / ~/.kube/config. */
export function loadKubeConfig(kubeconfigFile?: string): KubeConfig {
  const kc = new KubeConfig();
  if (kubeconfigFile) kc.loadFromFile(kubeconfigFile);
  else kc.loadFromDefault();
  if (!kc.getCurrentCluster()) throw new Error('no Kubernetes cluster configured (not in a pod, and no current context in the kubeconfig)');
  return kc;
}

async function open(kc: KubeConfig, path: string, signal: AbortSignal): Promise<http.IncomingMessage> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('no current cluster in the kubeconfig');
  const url = new URL(cluster.server.replace(/\/$/, '') + path);
  const options: https.RequestOptions = { method: 'GET', headers: { Accept: 'application/json' } };
  await kc.applyToHTTPSOptions(options);
  const transport = url.protocol === 'http:' ? http : https;
  if (url.protocol === 'http:') delete options.agent;
  return new Promise((resolve, reject) => {
    const req = transport.request(url, { ...options, signal }, resolve);
    req.on('error', reject);
    req.end();
  });
}

async function failure(res: http.IncomingMessage): Promise<ApiError> {
  const chunks: Buffer[] = [];
  for await (const chunk of res) {
    chunks.push(chunk as Buffer);
    if (chunks.length > 64) break;
  }
  let message = `HTTP ${res.statusCode}`;
  try {
    const status = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { message?: string };
    if (status.message) message += `: ${status.message}`;
  } catch {
    // not a Status object; the code says enough
  }
  return new ApiError(res.statusCode ?? 0, message);
}

export function kubeTransport(kc: KubeConfig): KubeTransport {
  return {
    async getJson(path, signal) {
      const res = await open(kc, path, signal);
      if (res.statusCode !== 200) throw await failure(res);
      const chunks: Buffer[] = [];
      for await (const chunk of res) chunks.push(chunk as Buffer);
      try {
        return JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch (error) {
        throw new ApiError(200, `list response is not JSON: ${(error as Error).message}`);
      }
    },
    async streamLines(path, signal, onLine, onOpen) {
      const res = await open(kc, path, signal);
      if (res.statusCode !== 200) throw await failure(res);
      onOpen?.();
      const lines = createInterface({ input: res, crlfDelay: Infinity });
      await new Promise<void>((resolve, reject) => {
        lines.on('line', (line) => {
          if (line.trim() !== '') onLine(line);
        });
        // readline re-emits input errors; a dropped connection must reject, not end quietly.
        lines.on('error', reject);
        res.on('error', reject);
        lines.on('close', () => (res.complete ? resolve() : reject(new Error('watch connection dropped'))));
        res.on('aborted', () => reject(new Error('watch connection aborted')));
      });
    },
  };
}
