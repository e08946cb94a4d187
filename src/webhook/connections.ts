// Connection bounds for the HTTPS server. Each TLS connection costs ~40 KB of native memory that
// the allocator keeps after the connection closes, and a handshake costs CPU: so connections are
// capped (more are closed on arrival, before any TLS work), a handshake must finish within
// handshakeTimeout (a TLS option, see server.ts), and a connection must send its first request
// within headersTimeout. Node applies headersTimeout only once a request has begun: a client
// that completes the handshake and then sends nothing would otherwise hold its connection forever.
import type { Server } from 'node:https';
import type { TLSSocket } from 'node:tls';

export interface ConnectionLimits {
  maxConnections: number;
  /** A connection sends the head of its first request within this. */
  firstRequestTimeoutMs: number;
}

export function boundConnections(server: Server, limits: ConnectionLimits): void {
  server.maxConnections = limits.maxConnections;
  server.on('secureConnection', (socket: TLSSocket) => {
    // Node's own handler ran first (it is registered by the constructor); this timer replaces its
    // (disabled) server.timeout. The server destroys a socket whose timeout fires with no request
    // listening; the first request clears it, and after a response keepAliveTimeout takes over.
    socket.setTimeout(limits.firstRequestTimeoutMs);
  });
  // A request has begun: headersTimeout and requestTimeout bound it from here (Node clears its own
  // keep-alive timer the same way when a request arrives).
  server.on('request', (req) => req.socket.setTimeout(0));
}
