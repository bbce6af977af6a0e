// Remembers successful client-secret checks for a short time, so a client
// calling the token endpoint again does not pay for bcrypt (~60 ms at cost 10)
// on every request. An entry is HMAC(process key, client id, stored hash,
// presented secret): never the secret itself, and bound to the stored hash, so
// a changed, rotated-out or deleted secret stops matching at once.
import { createHmac, randomBytes } from 'node:crypto';

export interface SecretCheckCacheOptions {
  ttlMs?: number;
  maxEntries?: number;
  now?: () => number;
}

export class SecretCheckCache {
  /** Per-process key: entries mean nothing outside this process. */
  private readonly key = randomBytes(32);
  /** Entry → expiry (ms); Map order is insertion order, oldest first. */
  private readonly entries = new Map<string, number>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: SecretCheckCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? 5 * 60_000;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  has(clientId: string, hash: string, secret: string): boolean {
    const entry = this.entryFor(clientId, hash, secret);
    const expiry = this.entries.get(entry);
    if (expiry === undefined) return false;
    if (expiry > this.now()) return true;
    this.entries.delete(entry);
    return false;
  }

  remember(clientId: string, hash: string, secret: string): void {
    const entry = this.entryFor(clientId, hash, secret);
    this.entries.delete(entry);
    this.entries.set(entry, this.now() + this.ttlMs);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  private entryFor(clientId: string, hash: string, secret: string): string {
    return createHmac('sha256', this.key).update(`${clientId}\0${hash}\0${secret}`).digest('base64url');
  }
}
