// What ClientService needs from storage. The stored form never holds a
// plaintext secret: only its bcrypt hash and those of rotated secrets.
import type { ClientFilter, OAuth2Client } from './model.js';

/** A client as shown, without the one-time members (secret, registration token). */
export type ClientRecord = Omit<OAuth2Client, 'client_secret' | 'registration_access_token' | 'registration_client_uri'>;

export interface StoredClient {
  client: ClientRecord;
  /** bcrypt hash of the current secret; null for a client created without one. */
  secretHash: string | null;
  /** bcrypt hashes of rotated secrets that still authenticate, newest first. */
  rotatedSecretHashes: string[];
  /** SHA-256 of the registration access token (dynamic client registration); null when none was issued. */
  registrationAccessTokenHash: string | null;
}

export interface ClientListQuery {
  filter: ClientFilter;
  /** Only clients whose id sorts after this one. */
  afterId?: string;
  /** Hydra v1's offset pagination: skip this many matching clients first. */
  offset?: number;
  limit: number;
}

export interface ClientRepository {
  /** Throws DuplicateClientError when the id is taken. */
  insert(record: StoredClient): Promise<void>;
  /** Replaces the stored client with the same id; false when there is none. */
  update(record: StoredClient): Promise<boolean>;
  get(id: string): Promise<StoredClient | undefined>;
  /** One query for all ids; unknown ids are simply absent. */
  getMany(ids: readonly string[]): Promise<StoredClient[]>;
  /** Clients matching the filter in id order, and how many match over all pages. */
  list(query: ClientListQuery): Promise<{ items: StoredClient[]; total: number }>;
  /** False when there was no such client. */
  delete(id: string): Promise<boolean>;
}

export class DuplicateClientError extends Error {
  constructor(readonly id: string) {
    super(`a client with id ${JSON.stringify(id)} exists already`);
    this.name = 'DuplicateClientError';
  }
}
