// What the logout service needs from storage. Every change is conditional on
// the request's state, so two instances answering the same request cannot
// both succeed.
import type { StoredLogoutRequest } from './model.js';

export interface LogoutRequestRepository {
  /** Inserts the request; also drops requests that expired before `expiredBefore`. */
  insert(request: StoredLogoutRequest, expiredBefore: Date): Promise<void>;
  findByChallenge(challengeHash: string): Promise<StoredLogoutRequest | undefined>;
  /** Accepts an unused, unrejected request under a new verifier; false when it is no longer in that state. */
  accept(challengeHash: string, verifierHash: string): Promise<boolean>;
  /** Rejects an unused request; false when there is none. */
  reject(challengeHash: string): Promise<boolean>;
  /** Marks an accepted, unrejected, unused request as used and returns it; undefined when there is none. */
  useVerifier(verifierHash: string): Promise<StoredLogoutRequest | undefined>;
}
