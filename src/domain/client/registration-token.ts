// Registration access tokens (OpenID Connect Dynamic Client Registration,
// RFC 7592): the bearer credential a client manages itself with at
// /oauth2/register/{id}. Shown once, on creation or rotation; stored only as
// a SHA-256 digest (the token carries 256 random bits, so a keyless digest
// suffices) and compared in constant time.
import { sha256Base64url } from '../crypto/digest.js';
import { constantTimeEqual } from '../crypto/equal.js';
import { randomBytes } from '../crypto/random.js';

/** Hydra issues registration tokens in its access-token format. */
const PREFIX = 'ory_at_';

export interface IssuedRegistrationToken {
  token: string;
  hash: string;
}

export const hashRegistrationToken = sha256Base64url;

export function issueRegistrationToken(): IssuedRegistrationToken {
  const token = `${PREFIX}${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashRegistrationToken(token) };
}

/** True when `presented` is the token whose digest is `storedHash`; false for a client that never got one. */
export function registrationTokenMatches(presented: string, storedHash: string | null): boolean {
  if (!storedHash || presented === '') return false;
  return constantTimeEqual(hashRegistrationToken(presented), storedHash);
}
