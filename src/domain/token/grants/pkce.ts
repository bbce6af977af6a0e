// PKCE (RFC 7636) at the token endpoint, as Hydra checks it: S256 only
// (plain is disabled), verifier length and alphabet, then the challenge.
import { createHash } from 'node:crypto';
import { constantTimeEqual } from '../../crypto/equal.js';
import type { ClientRecord } from '../../client/repository.js';
import { invalidGrant, invalidRequest } from '../../oauth2/errors.js';
import { isPublic } from '../client-authentication.js';
import type { AuthorizeParameters } from '../session.js';
import type { TokenSettings } from '../settings.js';

const VERIFIER_ALPHABET = /^[A-Za-z0-9._~-]*$/;

export function verifyPkce(authorize: AuthorizeParameters, verifier: string, client: ClientRecord, settings: TokenSettings): void {
  const { codeChallenge: challenge, codeChallengeMethod: method } = authorize;
  if (!challenge && !method) {
    if (verifier) throw invalidGrant('Unable to find initial PKCE data tied to this request');
    if (settings.pkceEnforced) throw invalidRequest('Clients must include a code_challenge when performing the authorize code flow, but it is missing.');
    if (settings.pkceEnforcedForPublicClients && isPublic(client)) {
      throw invalidRequest('This client must include a code_challenge when performing the authorize code flow, but it is missing.');
    }
    return;
  }
  if (method === 'plain' || (method === '' && challenge)) throw invalidRequest('Clients must use code_challenge_method=S256, plain is not allowed.');
  if (method !== 'S256') throw invalidRequest('The code_challenge_method is not supported, use S256 instead.');
  if (verifier.length < 43) throw invalidGrant('The PKCE code verifier must be at least 43 characters.');
  if (verifier.length > 128) throw invalidGrant('The PKCE code verifier can not be longer than 128 characters.');
  if (!VERIFIER_ALPHABET.test(verifier)) throw invalidGrant("The PKCE code verifier must only contain [a-Z], [0-9], '-', '.', '_', '~'.");
  if (!challenge) throw invalidGrant('The PKCE code verifier was provided but the code challenge was absent from the authorization request.');
  if (!constantTimeEqual(createHash('sha256').update(verifier, 'ascii').digest('base64url'), challenge)) {
    throw invalidGrant('The PKCE code challenge did not match the code verifier.');
  }
}
