// JSON Web Key sets as Hydra's jwk.Manager keeps them: named sets of keys,
// newest first; the full key (private half included) stored only encrypted
// under the system secret, with (set, kid) as associated data so a row cannot
// be moved to another set or kid; the public half in clear for jwks.json.
// REST (src/http/admin/keys.ts), GraphQL and the token layer call this.
import { createSecretKey, type KeyObject } from 'node:crypto';
import { importJWK, type CryptoKey, type JWK } from 'jose';
import type { Aead } from '../crypto/aead.js';
import { notFound, OAuth2Error, serverError } from '../errors.js';
import { generateJwk } from './generate.js';
import { keyExists, keySetNotFound } from './errors.js';
import { hasSecret, publicHalf } from './jwk.js';
import { DuplicateKeyError, type KeyRepository, type NewStoredKey, type StoredKey } from './repository.js';
import { validateJwk } from './validate.js';

export interface GenerateKeyRequest {
  alg: string;
  /** A UUID v4 when absent or empty. */
  kid?: string;
  use: 'sig' | 'enc';
}

export interface KeySet {
  keys: JWK[];
}

/** The newest private key of a set, imported once and kept in memory. */
export interface SigningKey {
  kid: string;
  alg: string;
  /** CryptoKey for asymmetric keys, a secret KeyObject for oct (HS*) keys; both go straight to jose's sign. */
  key: CryptoKey | KeyObject;
}

export const ID_TOKEN_SET = 'hydra.openid.id-token';
export const ACCESS_TOKEN_SET = 'hydra.jwt.access-token';

export interface KeyServiceOptions {
  /**
   * webfinger.jwks.broadcast_keys (Hydra's default: the ID token set). As in
   * Hydra, the ID token and JWT access token sets are always added.
   */
  broadcastSets?: readonly string[];
}

/** How long signingKey trusts its last look at a set (see signingKey). */
const SIGNER_TTL_MS = 10_000;

const invalidUse = () => new OAuth2Error('Bad Request', 'The "use" parameter must be "sig" or "enc".', 400);

export class KeyService {
  private readonly broadcastSets: readonly string[];
  /** ensureSet calls under way, per set: one generation per set and process. */
  private readonly ensuring = new Map<string, Promise<void>>();
  /** Imported private keys by row pk (a replaced key gets a new row, hence a new pk); null = no private half. */
  private readonly imported = new Map<string, { set: string; key: Promise<SigningKey | null> }>();
  /** The signing key last found per set, and until when it may be reused without asking the database. */
  private readonly signers = new Map<string, { key: Promise<SigningKey>; expires: number }>();
  private lastCreated = 0;

  constructor(
    private readonly repo: KeyRepository,
    private readonly aead: Aead,
    options: KeyServiceOptions = {},
  ) {
    this.broadcastSets = [...new Set([...(options.broadcastSets ?? [ID_TOKEN_SET]), ACCESS_TOKEN_SET, ID_TOKEN_SET])];
  }

  /** Generates a key and adds it to the set (created if absent); returns the new key, private half included. */
  async generate(set: string, request: GenerateKeyRequest): Promise<KeySet> {
    const use = request.use || 'sig';
    if (use !== 'sig' && use !== 'enc') throw invalidUse();
    const jwk = await generateJwk({ alg: request.alg, use, ...(request.kid && { kid: request.kid }) });
    try {
      await this.repo.insert([this.seal(set, jwk, this.now())]);
    } catch (err) {
      throw err instanceof DuplicateKeyError ? keyExists() : err;
    }
    this.invalidate(set);
    return { keys: [jwk] };
  }

  /**
   * Gives the set a private key of `alg` unless it has one (Hydra's
   * getOrGenerateKeySet). Calls in one process share one generation. Instances
   * starting together may each insert a key; an instance keeps its key only if
   * no other private key of the set is as old, so the first one wins (a tie
   * makes both step back and try again). Clock skew between instances can
   * leave two keys — harmless: both are valid, the newer one signs.
   */
  ensureSet(set: string, alg: string): Promise<void> {
    let running = this.ensuring.get(set);
    if (!running) {
      running = this.ensureOnce(set, alg).finally(() => this.ensuring.delete(set));
      this.ensuring.set(set, running);
    }
    return running;
  }

  private async ensureOnce(set: string, alg: string): Promise<void> {
    const attempts = 3;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if ((await this.privateRows(set)).length > 0) return;
      const jwk = await generateJwk({ alg, use: 'sig' });
      const [mine] = await this.repo.insert([this.seal(set, jwk, this.now())]);
      this.invalidate(set);
      const rivals = (await this.privateRows(set)).filter((row) => row.pk !== mine!.pk && row.createdAt.getTime() <= mine!.createdAt.getTime());
      if (rivals.length === 0 || attempt === attempts) return;
      await this.repo.deleteKey(set, mine!.kid);
    }
  }

  private async privateRows(set: string): Promise<StoredKey[]> {
    return (await this.repo.list([set])).filter((row) => hasSecret(this.open(row)));
  }

  /** The keys of the set, newest first, private halves included (as Hydra's admin API returns them). */
  async getSet(set: string): Promise<KeySet> {
    const rows = await this.repo.list([set]);
    if (rows.length === 0) throw keySetNotFound();
    return { keys: rows.map((row) => this.open(row)) };
  }

  async getKey(set: string, kid: string): Promise<KeySet> {
    const row = await this.repo.find(set, kid);
    if (!row) throw notFound();
    return { keys: [this.open(row)] };
  }

  /** PUT a whole set: replaces its keys with the validated imported ones. */
  async replaceSet(set: string, keys: KeySet): Promise<KeySet> {
    const validated: JWK[] = [];
    for (const key of keys.keys) validated.push(await validateJwk(key));
    if (new Set(validated.map((k) => k.kid)).size !== validated.length) throw keyExists();
    // Hydra orders by creation time, newest first: the last key of the body
    // becomes the newest, i.e. the one a set's signer uses.
    await this.repo.replaceSet(set, validated.map((jwk) => this.seal(set, jwk, this.now())));
    this.invalidate(set);
    return { keys: validated };
  }

  /**
   * Imports (creates or replaces) one key. As in Hydra, the key is stored
   * under the kid in its body; `kid` (the path's) only fills in a missing one.
   */
  async replaceKey(set: string, kid: string, key: JWK): Promise<JWK> {
    const jwk = await validateJwk(key, kid);
    await this.repo.replaceKey(this.seal(set, jwk, this.now()));
    this.invalidate(set);
    return jwk;
  }

  /** 404 (Hydra's set-not-found body) when the set has no keys. */
  async deleteSet(set: string): Promise<void> {
    const deleted = await this.repo.deleteSet(set);
    this.invalidate(set);
    if (deleted === 0) throw keySetNotFound();
  }

  async deleteKey(set: string, kid: string): Promise<void> {
    const deleted = await this.repo.deleteKey(set, kid);
    this.invalidate(set);
    if (deleted === 0) throw notFound();
  }

  /**
   * Public halves of the keys served at /.well-known/jwks.json: the broadcast
   * sets in order, each newest first; never private or symmetric material. A
   * broadcast set without keys gets an RS256 key first, as in Hydra.
   */
  async publicKeys(): Promise<KeySet> {
    let rows = await this.repo.list(this.broadcastSets);
    const missing = this.broadcastSets.filter((set) => !rows.some((row) => row.set === set));
    if (missing.length > 0) {
      await Promise.all(missing.map((set) => this.ensureSet(set, 'RS256')));
      rows = await this.repo.list(this.broadcastSets);
    }
    const keys: JWK[] = [];
    for (const set of this.broadcastSets) {
      for (const row of rows) if (row.set === set && row.publicJwk) keys.push(publicHalf(row.publicJwk)!);
    }
    return { keys };
  }

  /** Set names, for listings (GraphQL). */
  async listSets(): Promise<string[]> {
    return this.repo.listSets();
  }

  /**
   * The newest signing key of the set with a private half, decrypted and
   * imported once per stored row and then served from memory. A set without
   * one gets a key of `alg` first (Hydra's GetOrGenerateKeys). Which row is
   * newest is remembered for SIGNER_TTL_MS, so signing an ID token costs no
   * query: a key added by another instance is used from then on at the
   * latest (both stay published in jwks.json meanwhile); changes made through
   * this instance take effect at once.
   */
  signingKey(set: string, alg = 'RS256'): Promise<SigningKey> {
    const cached = this.signers.get(set);
    if (cached && cached.expires > Date.now()) return cached.key;
    const key = this.findSigningKey(set, alg);
    this.signers.set(set, { key, expires: Date.now() + SIGNER_TTL_MS });
    key.catch(() => this.signers.delete(set));
    return key;
  }

  private async findSigningKey(set: string, alg: string): Promise<SigningKey> {
    for (let attempt = 0; attempt < 2; attempt++) {
      for (const row of await this.repo.list([set])) {
        if (row.use === 'enc') continue;
        const key = await this.importedKey(row);
        if (key) return key;
      }
      if (attempt === 0) await this.ensureSet(set, alg);
    }
    throw serverError(`the JSON Web Key Set "${set}" has no private signing key`);
  }

  /** Forgets imported keys of the set (all sets when omitted); the next signingKey re-reads them. */
  invalidate(set?: string): void {
    for (const [pk, entry] of this.imported) if (set === undefined || entry.set === set) this.imported.delete(pk);
    if (set === undefined) this.signers.clear();
    else this.signers.delete(set);
  }

  private importedKey(row: StoredKey): Promise<SigningKey | null> {
    let entry = this.imported.get(row.pk);
    if (!entry) {
      const key = this.importRow(row);
      entry = { set: row.set, key };
      this.imported.set(row.pk, entry);
      key.catch(() => this.imported.delete(row.pk));
    }
    return entry.key;
  }

  private async importRow(row: StoredKey): Promise<SigningKey | null> {
    const jwk = this.open(row);
    if (!hasSecret(jwk)) return null;
    const alg = jwk.alg ?? row.alg;
    const key = jwk.kty === 'oct' ? createSecretKey(Buffer.from(jwk.k!, 'base64url')) : ((await importJWK(jwk, alg)) as CryptoKey);
    return { kid: row.kid, alg, key };
  }

  /** Creation times strictly increase within the process, so "newest" is never a tie between keys made here. */
  private now(): Date {
    this.lastCreated = Math.max(Date.now(), this.lastCreated + 1);
    return new Date(this.lastCreated);
  }

  private associatedData(set: string, kid: string): string {
    return JSON.stringify(['jwk', set, kid]);
  }

  private seal(set: string, jwk: JWK, createdAt: Date): NewStoredKey {
    return {
      set,
      kid: jwk.kid!,
      alg: jwk.alg ?? '',
      use: jwk.use ?? '',
      publicJwk: publicHalf(jwk) ?? null,
      encryptedJwk: this.aead.encrypt(JSON.stringify(jwk), this.associatedData(set, jwk.kid!)),
      createdAt,
    };
  }

  private open(row: StoredKey): JWK {
    return JSON.parse(this.aead.decrypt(row.encryptedJwk, this.associatedData(row.set, row.kid))) as JWK;
  }
}
