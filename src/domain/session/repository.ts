// What the session services need from storage. Consent sessions are stored
// with their request snapshot and session claims sealed (they hold personal
// data); the repository only sees the sealed strings.
import type { ConsentSession, LoginSession } from './model.js';

export interface LoginSessionRepository {
  /** The session when it exists and is remembered; expiry is the cookie's business, as in Hydra. */
  findRemembered(id: string): Promise<LoginSession | undefined>;
  /** Insert or replace by id. */
  upsert(session: LoginSession): Promise<void>;
  /** The session if it existed and was remembered (for back-channel logout later); deletes it either way. */
  delete(id: string): Promise<LoginSession | undefined>;
  deleteBySubject(subject: string): Promise<number>;
}

export type StoredConsentSession = Omit<ConsentSession, 'request' | 'session'> & {
  encryptedRequest: string;
  encryptedSession: string;
};

export interface ConsentListQuery {
  subject: string;
  loginSessionId?: string;
  /** Only sessions whose id sorts after this one. */
  afterId?: string;
  limit: number;
  now: Date;
}

/** Which consent sessions to revoke (Hydra's three accepted combinations). */
export type ConsentRevocation = { consentRequestId: string } | { subject: string; clientId: string } | { subject: string };

export interface ConsentSessionRepository {
  /** Throws ConsentSessionExistsError when the flow already has one. */
  insert(session: StoredConsentSession): Promise<void>;
  /** The latest (by requested_at) remembered, non-skipped, unexpired consent of subject and client. */
  findLatestRemembered(subject: string, clientId: string, now: Date): Promise<StoredConsentSession | undefined>;
  /** Non-skipped, unexpired consents of the subject in id order. */
  list(query: ConsentListQuery): Promise<StoredConsentSession[]>;
  /** Deletes the matching sessions; their tokens go with them (oauth2_tokens.consent_id cascades). Returns how many. */
  revoke(which: ConsentRevocation): Promise<number>;
  /** Ids of the clients the subject consented to within one login session (logout notifies them). */
  clientIdsOfLoginSession(subject: string, loginSessionId: string): Promise<string[]>;
}

export class ConsentSessionExistsError extends Error {
  constructor(readonly id: string) {
    super(`the flow ${id} already has a consent session`);
    this.name = 'ConsentSessionExistsError';
  }
}
