// Key generation as Hydra's jwk.GenerateJWK does it, with jose (WebCrypto,
// asynchronous: a 4096-bit RSA key takes a second or more and must not block
// the event loop).
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, generateSecret, type JWK } from 'jose';
import { algorithmSpec } from './algorithms.js';
import { unsupportedKeyAlgorithm } from './errors.js';
import { normalizeJwk } from './jwk.js';

export interface GenerateOptions {
  alg: string;
  /** A UUID v4 when empty or absent. */
  kid?: string;
  /** "sig" when empty or absent, as Hydra defaults it. */
  use?: string;
}

/** Returns the full key (private half included) with kid, use and alg set. */
export async function generateJwk({ alg, kid, use }: GenerateOptions): Promise<JWK> {
  const spec = algorithmSpec(alg);
  if (!spec?.generate) throw unsupportedKeyAlgorithm();
  let material: JWK;
  if (spec.kty === 'oct') {
    material = await exportJWK(await generateSecret(alg, { extractable: true }));
  } else {
    const { privateKey } = await generateKeyPair(alg === 'EdDSA' ? 'Ed25519' : alg, {
      extractable: true,
      ...(spec.modulusLength && { modulusLength: spec.modulusLength }),
    });
    material = await exportJWK(privateKey);
  }
  return normalizeJwk({ ...material, kid: kid || randomUUID(), use: use || 'sig', alg });
}
