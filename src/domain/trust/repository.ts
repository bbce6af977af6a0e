// What TrustService needs from storage.
import type { TrustedJwtIssuer, TrustedJwtIssuerFilter } from './model.js';

export interface TrustListQuery {
  filter: TrustedJwtIssuerFilter;
  /** Only trusts whose id sorts after this one. */
  afterId?: string;
  limit: number;
}

export interface TrustedKeyQuery {
  issuer: string;
  subject: string;
  /** Only the trust of this kid; every key of the issuer (and subject) when absent. */
  keyId?: string | undefined;
  /** Trusts expired at this time are left out. */
  now: Date;
  limit: number;
}

export interface TrustRepository {
  /** Throws DuplicateTrustError when (issuer, subject, kid) is trusted already. */
  insert(trust: TrustedJwtIssuer): Promise<void>;
  get(id: string): Promise<TrustedJwtIssuer | undefined>;
  /** False when there was no such trust. */
  delete(id: string): Promise<boolean>;
  /** Trusts matching the filter in id order, and how many match over all pages. */
  list(query: TrustListQuery): Promise<{ items: TrustedJwtIssuer[]; total: number }>;
  /** Unexpired trusts of the issuer for this subject (or any subject), newest first: one query. */
  findActive(query: TrustedKeyQuery): Promise<TrustedJwtIssuer[]>;
}

export class DuplicateTrustError extends Error {
  constructor() {
    super('this issuer, subject and key id are trusted already');
    this.name = 'DuplicateTrustError';
  }
}
