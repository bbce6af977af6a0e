// id_token_hint: an ID token this server issued earlier, verified against the
// public keys of the ID token key set. Hydra accepts an expired hint (it only
// identifies the user), so only the signature is checked, not exp/nbf.
import { compactVerify, createLocalJWKSet, decodeProtectedHeader, type JWK } from 'jose';
import { invalidRequest } from '../oauth2/errors.js';

export interface IdTokenHintVerifier {
  /** The hint's claims; throws invalid_request when it is not an ID token of ours. */
  verify(token: string): Promise<Record<string, unknown>>;
}

/** `publicKeys` yields the ID token set's public keys (read when a hint arrives; hints are rare). */
export function idTokenHintVerifier(publicKeys: () => Promise<JWK[]>): IdTokenHintVerifier {
  return {
    async verify(token) {
      try {
        const { alg } = decodeProtectedHeader(token);
        if (!alg || alg === 'none') throw new Error('the token is not signed');
        const keys = createLocalJWKSet({ keys: await publicKeys() });
        const { payload } = await compactVerify(token, keys);
        const claims = JSON.parse(new TextDecoder().decode(payload)) as unknown;
        if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) throw new Error('the token has no claims');
        return claims as Record<string, unknown>;
      } catch (err) {
        throw invalidRequest((err as Error).message, (err as Error).message);
      }
    },
  };
}
