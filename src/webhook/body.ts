// Reading a request body defensively: the media type is checked before any byte is read, and
// reading stops at the size limit instead of buffering whatever a client sends.
import type { IncomingMessage } from 'node:http';

/** Admission requests are JSON; the API server caps objects at ~3 MiB, so 7 MiB is generous. */
export const MAX_BODY_BYTES = 7 * 1024 * 1024;

export class HttpError extends Error {
  override name = 'HttpError';
  constructor(readonly status: number, readonly reason: string, message: string) {
    super(message);
  }
}

/** `application/json`, optionally with parameters (`; charset=utf-8`). */
export function isJsonMediaType(header: string | undefined): boolean {
  if (!header) return false;
  const type = header.split(';', 1)[0]!.trim().toLowerCase();
  return type === 'application/json';
}

/** Rejects before reading when the declared type or length cannot be accepted. */
export function checkRequestHead(req: IncomingMessage, maxBytes: number): void {
  if (!isJsonMediaType(req.headers['content-type'])) {
    throw new HttpError(415, 'unsupported-media-type', 'Content-Type must be application/json');
  }
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > maxBytes) {
    throw new HttpError(413, 'too-large', `body of ${Number(declared)} bytes exceeds the limit of ${maxBytes} bytes`);
  }
}

/**
 * Reads the body up to maxBytes; beyond that it stops reading and throws 413. `mayHold(size)` is
 * asked as it grows: false stops reading and throws 429 (the server's byte budget is spent).
 */
export function readBody(req: IncomingMessage, maxBytes: number, mayHold: (size: number) => boolean = () => true): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
      req.off('close', onAborted);
      if (error) reject(error);
      else resolve(Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.pause();
        finish(new HttpError(413, 'too-large', `body exceeds the limit of ${maxBytes} bytes`));
        return;
      }
      if (!mayHold(size)) {
        req.pause();
        finish(new HttpError(429, 'body-budget', 'too many request body bytes held at once; retry'));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish();
    const onError = (error: Error) => finish(new HttpError(400, 'read-error', `cannot read body: ${error.message}`));
    const onAborted = () => finish(new HttpError(400, 'aborted', 'client aborted the request'));
    req.on('data', onData);
    req.once('close', onAborted); // after 'end' this is a no-op
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
  });
}

/**
 * The body as JSON. The parser's own message quotes the text around the error (a Secret's
 * value, once): replies and logs carry at most the position, nothing of the request.
 */
export function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (error) {
    const position = /\bposition (\d+)\b/.exec((error as Error).message)?.[1];
    throw new HttpError(400, 'malformed-json', `body is not valid JSON${position ? ` (at character ${position})` : ''}`);
  }
}
