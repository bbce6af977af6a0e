// Authenticated encryption of data at rest (private keys, and later flow
// state) under keys derived from the system secrets. The first secret
// encrypts; every secret may decrypt, so secrets can be rotated by prepending a
// new one.
import { createCipheriv, createDecipheriv, hkdfSync } from 'node:crypto';
import { randomBytes } from './random.js';

const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = 'v1';

export class DecryptionError extends Error {
  readonly code = 'ERR_DECRYPTION_FAILED';
  constructor() {
    super('data could not be decrypted with any configured system secret');
    this.name = 'DecryptionError';
  }
}

export class Aead {
  private readonly keys: Buffer[];

  /** `purpose` separates the keys used for different kinds of data. */
  constructor(secrets: readonly string[], purpose: string) {
    if (secrets.length === 0) throw new Error('Aead needs at least one secret');
    this.keys = secrets.map((secret) => Buffer.from(hkdfSync('sha256', secret, 'gatehouse', `aead:${purpose}`, 32)));
  }

  /** Returns `v1.<base64url(nonce | ciphertext | tag)>`; text is sealed as UTF-8. */
  encrypt(plaintext: string | Buffer, associatedData = ''): string {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keys[0]!, nonce);
    cipher.setAAD(Buffer.from(associatedData));
    const data = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
    const body = Buffer.concat([cipher.update(data), cipher.final()]);
    return `${VERSION}.${Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64url')}`;
  }

  decrypt(sealed: string, associatedData = ''): string {
    return this.decryptBytes(sealed, associatedData).toString('utf8');
  }

  decryptBytes(sealed: string, associatedData = ''): Buffer {
    const [version, payload] = sealed.split('.', 2);
    if (version !== VERSION || !payload) throw new DecryptionError();
    const raw = Buffer.from(payload, 'base64url');
    if (raw.length < NONCE_BYTES + TAG_BYTES) throw new DecryptionError();
    const nonce = raw.subarray(0, NONCE_BYTES);
    const tag = raw.subarray(raw.length - TAG_BYTES);
    const body = raw.subarray(NONCE_BYTES, raw.length - TAG_BYTES);
    for (const key of this.keys) {
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, nonce);
        decipher.setAAD(Buffer.from(associatedData));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(body), decipher.final()]);
      } catch {
        // try the next (older) secret
      }
    }
    throw new DecryptionError();
  }
}
