// CONTRACT STUB — to be implemented (issue #2). Signatures are fixed: REST and
// GraphQL code against them.
import type { JWK } from 'jose';
import type { Aead } from '../crypto/aead.js';

export interface GenerateKeyRequest {
  alg: string;
  kid?: string;
  use: 'sig' | 'enc';
}

export interface KeySet {
  keys: JWK[];
}

export class KeyService {
  constructor(_repo: unknown, _aead: Aead) {}
  /** Generates a key and adds it to the set (created if absent); returns the new key, private half included. */
  async generate(_set: string, _request: GenerateKeyRequest): Promise<KeySet> { throw new Error('not implemented'); }
  /** Creates the set with one key of `alg` unless it already has keys; safe when several instances start at once. */
  async ensureSet(_set: string, _alg: string): Promise<void> { throw new Error('not implemented'); }
  async getSet(_set: string): Promise<KeySet> { throw new Error('not implemented'); }
  async getKey(_set: string, _kid: string): Promise<KeySet> { throw new Error('not implemented'); }
  /** PUT a whole set: replaces its keys with the validated imported ones. */
  async replaceSet(_set: string, _keys: KeySet): Promise<KeySet> { throw new Error('not implemented'); }
  async replaceKey(_set: string, _kid: string, _key: JWK): Promise<JWK> { throw new Error('not implemented'); }
  async deleteSet(_set: string): Promise<void> { throw new Error('not implemented'); }
  async deleteKey(_set: string, _kid: string): Promise<void> { throw new Error('not implemented'); }
  /** Public halves of the keys served at /.well-known/jwks.json. */
  async publicKeys(): Promise<KeySet> { throw new Error('not implemented'); }
  /** Set names, for listings (GraphQL). */
  async listSets(): Promise<string[]> { throw new Error('not implemented'); }
}
