// Shapes of stored JSON Web Keys: the members kept (those go-jose keeps when
// Hydra round-trips a key), the public half, and whether a key is secret.
import type { JWK } from 'jose';

/** Members of the public half, in the order they are written. */
const PUBLIC_MEMBERS = ['kty', 'kid', 'use', 'alg', 'crv', 'x', 'y', 'n', 'e', 'x5c', 'x5u', 'x5t', 'x5t#S256'] as const;
/** Members that are private (asymmetric) or the whole secret (oct). */
export const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'] as const;

/** Keeps the known members in a stable order; drops others (key_ops, ext, oth…) as go-jose does. */
export function normalizeJwk(jwk: JWK): JWK {
  const out: Record<string, unknown> = {};
  for (const member of [...PUBLIC_MEMBERS, ...PRIVATE_MEMBERS]) {
    const value = (jwk as Record<string, unknown>)[member];
    if (value !== undefined) out[member] = value;
  }
  return out as JWK;
}

/** True when the key holds private material (asymmetric) or is a symmetric secret. */
export function hasSecret(jwk: JWK): boolean {
  return jwk.kty === 'oct' || PRIVATE_MEMBERS.some((m) => (jwk as Record<string, unknown>)[m] !== undefined);
}

/** The public half; undefined for symmetric keys, which have none. */
export function publicHalf(jwk: JWK): JWK | undefined {
  if (jwk.kty === 'oct') return undefined;
  const out: Record<string, unknown> = {};
  for (const member of PUBLIC_MEMBERS) {
    const value = (jwk as Record<string, unknown>)[member];
    if (value !== undefined) out[member] = value;
  }
  return out as JWK;
}
