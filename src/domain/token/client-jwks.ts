// The public keys a private_key_jwt client signs its assertions with: its
// registered `jwks`, or its `jwks_uri` fetched with a timeout and cached
// briefly. Imported keys are kept, so verifying costs no re-import.
import { importJWK, type CryptoKey, type JWK } from 'jose';
import type { ClientRecord } from '../client/repository.js';
import { invalidClient, invalidRequest } from '../oauth2/errors.js';
import { OutboundHttp } from '../outbound/http.js';

export interface ClientJwksOptions {
  fetchTimeoutMs?: number;
  cacheTtlMs?: number;
  /** Honours clients.http.disallow_private_ip_ranges; by default private targets are allowed. */
  http?: OutboundHttp;
  now?: () => number;
}

const MAX_IMPORTED = 1_000;

export class ClientJwks {
  private readonly fetched = new Map<string, { keys: JWK[]; until: number }>();
  private readonly imported = new Map<string, Promise<CryptoKey | Uint8Array>>();
  private readonly timeoutMs: number;
  private readonly ttlMs: number;
  private readonly http: OutboundHttp;
  private readonly now: () => number;

  constructor(options: ClientJwksOptions = {}) {
    this.timeoutMs = options.fetchTimeoutMs ?? 5_000;
    this.ttlMs = options.cacheTtlMs ?? 5 * 60_000;
    this.http = options.http ?? new OutboundHttp({ disallowPrivateIpRanges: false });
    this.now = options.now ?? Date.now;
  }

  /**
   * The key that verifies an assertion with this header, following Hydra's
   * rules: only `use: sig` keys of the algorithm's type, the header's kid when
   * present. A jwks_uri without a matching key is re-fetched once.
   */
  async keyFor(client: ClientRecord, header: { alg: string; kid?: string | undefined }): Promise<CryptoKey | Uint8Array> {
    const registered = (client.jwks as { keys?: JWK[] }).keys;
    if (registered?.length) return this.import(selectKey(registered, header), header.alg);
    if (!client.jwks_uri) {
      throw invalidClient('The OAuth 2.0 Client has no JSON Web Keys set registered, but they are needed to complete the request.');
    }
    try {
      return await this.import(selectKey(await this.fetchSet(client.jwks_uri, false), header), header.alg);
    } catch {
      return this.import(selectKey(await this.fetchSet(client.jwks_uri, true), header), header.alg);
    }
  }

  private async fetchSet(uri: string, force: boolean): Promise<JWK[]> {
    const cached = this.fetched.get(uri);
    if (!force && cached && cached.until > this.now()) return cached.keys;
    let keys: JWK[];
    try {
      const response = await this.http.fetch(uri, { timeoutMs: this.timeoutMs, headers: { accept: 'application/json' } });
      if (!response.ok) throw new Error(`status ${response.status}`);
      const body = (await response.json()) as { keys?: unknown };
      keys = Array.isArray(body.keys) ? (body.keys as JWK[]) : [];
    } catch (err) {
      throw invalidClient(undefined, `Unable to fetch JSON Web Keys from location '${uri}': ${(err as Error).message}`);
    }
    this.fetched.set(uri, { keys, until: this.now() + this.ttlMs });
    return keys;
  }

  private import(jwk: JWK, alg: string): Promise<CryptoKey | Uint8Array> {
    const id = `${alg}\0${JSON.stringify(jwk)}`;
    let key = this.imported.get(id);
    if (!key) {
      if (this.imported.size >= MAX_IMPORTED) this.imported.delete(this.imported.keys().next().value!);
      key = importJWK(jwk, alg);
      this.imported.set(id, key);
      key.catch(() => this.imported.delete(id));
    }
    return key;
  }
}

/** fosite's FindPublicKey: RSA keys for RS/PS, EC keys for ES; `use` must be `sig`. */
function selectKey(keys: JWK[], header: { alg: string; kid?: string | undefined }): JWK {
  if (keys.length === 0) throw invalidRequest('The retrieved JSON Web Key Set does not contain any key.');
  const candidates = header.kid ? keys.filter((k) => k.kid === header.kid) : keys;
  if (candidates.length === 0) throw invalidRequest(`The JSON Web Token uses signing key with kid '${header.kid}', which could not be found.`);
  const kty = header.alg.startsWith('ES') ? 'EC' : 'RSA';
  const key = candidates.find((k) => k.use === 'sig' && k.kty === kty);
  if (!key) {
    const type = kty === 'EC' ? 'ECDSA' : 'RSA';
    throw invalidRequest(`Unable to find ${type} public key with use='sig' for kid '${header.kid ?? ''}' in JSON Web Key Set.`);
  }
  return key;
}
