// A slow network path between the API server and the webhook (a congested node, a mesh sidecar):
// an HTTPS proxy that forwards each request's headers and first half at once and the rest after
// a pause. It terminates TLS with a certificate of the test CA.
import { readFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Pair } from './pki.js';

export async function slowProxy(tls: Pair, caPem: string, targetPort: number, pauseMs: number): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer({ cert: readFileSync(tls.cert), key: readFileSync(tls.key) }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const upstream = request({ host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers: req.headers, ca: caPem }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      const half = Math.floor(body.length / 2);
      upstream.write(body.subarray(0, half));
      setTimeout(() => upstream.end(body.subarray(half)), pauseMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}/validate`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
