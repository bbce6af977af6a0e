// What KeyService needs from storage. Rows hold the full key only encrypted
// (`encryptedJwk`); `publicJwk` is the public half in clear, null for
// symmetric keys.
import type { JWK } from 'jose';

export interface StoredKey {
  pk: string;
  set: string;
  kid: string;
  alg: string;
  use: string;
  publicJwk: JWK | null;
  encryptedJwk: string;
  createdAt: Date;
}

export type NewStoredKey = Omit<StoredKey, 'pk'>;

/** Thrown by the repository when (set, kid) exists already. */
export class DuplicateKeyError extends Error {
  constructor() {
    super('a key with this kid exists in the set already');
    this.name = 'DuplicateKeyError';
  }
}

export interface KeyRepository {
  /** The keys of the sets, newest first within each set (sets in no particular order). */
  list(sets: readonly string[]): Promise<StoredKey[]>;
  find(set: string, kid: string): Promise<StoredKey | null>;
  /** Inserts the keys in one transaction; DuplicateKeyError when a kid is taken. */
  insert(keys: readonly NewStoredKey[]): Promise<StoredKey[]>;
  /** Deletes (set, key.kid) and inserts the key, in one transaction. */
  replaceKey(key: NewStoredKey): Promise<StoredKey>;
  /** Deletes every key of the set and inserts the given ones, in one transaction. */
  replaceSet(set: string, keys: readonly NewStoredKey[]): Promise<StoredKey[]>;
  /** Returns how many keys were deleted. */
  deleteKey(set: string, kid: string): Promise<number>;
  deleteSet(set: string): Promise<number>;
  /** Names of the sets that have at least one key, sorted. */
  listSets(): Promise<string[]>;
}
