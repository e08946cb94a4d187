// Serving certificate reload: watch the certificate and key files (their directories, because
// Kubernetes swaps Secret volumes through a symlink), debounce, validate the new pair, and swap
// it into the running server. A bad pair keeps the old one.
import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Server } from 'node:https';
import type { Logger } from './log.js';
import { errorText } from './log.js';
import { ReloadWatch } from './reload-watch.js';

export interface KeyPair {
  cert: Buffer;
  key: Buffer;
}

/** Reads and checks a pair: both parse, the key belongs to the certificate. Throws with a reason otherwise. */
export async function readKeyPair(certFile: string, keyFile: string): Promise<KeyPair> {
  const [cert, key] = await Promise.all([readFile(certFile), readFile(keyFile)]);
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(cert);
  } catch (error) {
    throw new Error(`${certFile}: not a PEM certificate (${errorText(error)})`);
  }
  let privateKey;
  try {
    privateKey = createPrivateKey(key);
  } catch (error) {
    throw new Error(`${keyFile}: not a PEM private key (${errorText(error)})`);
  }
  if (!certificate.checkPrivateKey(privateKey)) throw new Error(`${keyFile} does not match the certificate in ${certFile}`);
  return { cert, key };
}

function fingerprint(pair: KeyPair): string {
  return createHash('sha256').update(pair.cert).update(pair.key).digest('hex');
}

export interface CertificateReloaderOptions {
  server: Server;
  certFile: string;
  keyFile: string;
  initial: KeyPair;
  logger: Logger;
  onReload?: (result: 'ok' | 'error') => void;
  /** Files are written one after the other; wait for both before reading. */
  debounceMs?: number;
  /** Polling as a safety net where file events are lost (some network file systems). */
  pollMs?: number;
}

export class CertificateReloader {
  private watch: ReloadWatch | undefined;
  private current: string;

  constructor(private readonly options: CertificateReloaderOptions) {
    this.current = fingerprint(options.initial);
  }

  start(): void {
    const { certFile, keyFile, logger, debounceMs, pollMs } = this.options;
    const dirs = new Set([path.dirname(path.resolve(certFile)), path.dirname(path.resolve(keyFile))]);
    this.watch = new ReloadWatch({ dirs, what: 'certificate', logger, debounceMs, pollMs, reload: () => this.reload() });
    this.watch.start();
  }

  stop(): void {
    this.watch?.stop();
  }

  /** Reloads now; resolves once the new pair is in use (or rejected). */
  async reload(): Promise<void> {
    const { certFile, keyFile, server, logger } = this.options;
    let pair: KeyPair;
    try {
      pair = await readKeyPair(certFile, keyFile);
    } catch (error) {
      logger.log('error', 'new serving certificate rejected; keeping the current one', { error: errorText(error) });
      this.options.onReload?.('error');
      return;
    }
    const next = fingerprint(pair);
    if (next === this.current) return;
    try {
      server.setSecureContext({ cert: pair.cert, key: pair.key });
    } catch (error) {
      logger.log('error', 'new serving certificate rejected; keeping the current one', { error: errorText(error) });
      this.options.onReload?.('error');
      return;
    }
    this.current = next;
    const subject = new X509Certificate(pair.cert);
    logger.log('info', 'serving certificate reloaded', { serial: subject.serialNumber, notAfter: subject.validTo });
    this.options.onReload?.('ok');
  }
}
