import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Secret } from '@araldo/core';

const VERSION = 'v1';

/**
 * Network tokens are sealed with AES-256-GCM before they touch the database. The envelope
 * is `v1.<iv>.<tag>.<ciphertext>` in base64url, so a later key or algorithm can coexist.
 */
export class CredentialCipher {
  readonly #key: Buffer;
  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('credential key must be 32 bytes');
    this.#key = key;
  }

  seal(value: unknown): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url'));
    return [VERSION, ...parts].join('.');
  }

  open<T = unknown>(envelope: string): T {
    const [version, iv, tag, body] = envelope.split('.');
    if (version !== VERSION || !iv || !tag || body === undefined) {
      throw new Error('credentials envelope is not in a known format');
    }
    const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    const plain = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
    return JSON.parse(plain.toString('utf8')) as T;
  }

  /** A MAC for short-lived signed URLs; a subkey, so it never equals the encryption key. */
  sign(data: string): string {
    const subkey = createHash('sha256').update('araldo-url-signing').update(this.#key).digest();
    return createHmac('sha256', subkey).update(data).digest('base64url');
  }

  toJSON(): string {
    return '[redacted]';
  }
}

export const KEY_FILE = 'secret.key';

/**
 * The key comes from ARALDO_SECRET when set (every process of a scaled-out install must
 * share it), otherwise from a 0600 file in the data folder, created on first start.
 */
export function loadCredentialKey(options: { secret: Secret | undefined; dataDir: string }): Buffer {
  if (options.secret) {
    return createHash('sha256').update(`araldo-credentials:${options.secret.reveal()}`).digest();
  }
  const file = path.join(options.dataDir, KEY_FILE);
  try {
    const existing = fs.readFileSync(file);
    if (existing.length !== 32) throw new Error(`${file} is not a 32-byte key; restore it from backup`);
    return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  fs.mkdirSync(options.dataDir, { recursive: true });
  const key = randomBytes(32);
  try {
    // 'wx' fails if another process won the race; then we read the winner's key.
    fs.writeFileSync(file, key, { mode: 0o600, flag: 'wx' });
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return fs.readFileSync(file);
    throw error;
  }
}
