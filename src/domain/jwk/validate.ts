// Validation of imported JSON Web Keys (PUT /admin/keys/{set}[/{kid}]): the key
// must be one jose can use for its `alg`, carry kid and use, and a private
// half must belong to its public half.
import { createPrivateKey, createPublicKey, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { importJWK, type JWK } from 'jose';
import { algorithmSpec } from './algorithms.js';
import { malformedBody } from './errors.js';
import { hasSecret, normalizeJwk, publicHalf } from './jwk.js';

const B64URL = /^[A-Za-z0-9_-]+$/;
const REQUIRED: Record<string, readonly string[]> = { RSA: ['n', 'e'], EC: ['crv', 'x', 'y'], OKP: ['crv', 'x'], oct: ['k'] };
const RSA_PRIVATE = ['d', 'p', 'q', 'dp', 'dq', 'qi'] as const;
const EC_CURVES = ['P-256', 'P-384', 'P-521'];
const OKP_CURVES = ['Ed25519', 'X25519'];

/**
 * Returns the key normalised for storage, or throws Hydra's 400 for a body it
 * cannot decode. `fallbackKid` fills in a missing kid (the path's kid).
 */
export async function validateJwk(input: unknown, fallbackKid?: string): Promise<JWK> {
  if (!input || typeof input !== 'object' || Array.isArray(input)) throw malformedBody('a JSON Web Key must be a JSON object');
  const raw = input as Record<string, unknown>;
  const fail = (reason: string) => malformedBody(raw.kid && typeof raw.kid === 'string' ? `key "${raw.kid}": ${reason}` : reason);

  const { kty } = raw;
  if (typeof kty !== 'string' || !Object.hasOwn(REQUIRED, kty)) throw fail(`unknown json web key type "${String(kty)}"`);
  const kid = raw.kid === undefined || raw.kid === '' ? fallbackKid : raw.kid;
  if (typeof kid !== 'string' || kid === '') throw fail('"kid" is required');
  if (raw.use !== 'sig' && raw.use !== 'enc') throw fail('"use" is required and must be "sig" or "enc"');
  if (typeof raw.alg !== 'string' || raw.alg === '') throw fail('"alg" is required');
  const spec = algorithmSpec(raw.alg);
  if (!spec) throw fail(`unsupported algorithm "${raw.alg}"`);

  for (const member of REQUIRED[kty]!) {
    if (typeof raw[member] !== 'string' || raw[member] === '') throw fail(`missing "${member}"`);
  }
  for (const member of ['n', 'e', 'x', 'y', 'd', 'p', 'q', 'dp', 'dq', 'qi', 'k']) {
    if (raw[member] !== undefined && (typeof raw[member] !== 'string' || !B64URL.test(raw[member]))) {
      throw fail(`"${member}" must be base64url without padding`);
    }
  }
  const crv = raw.crv as string | undefined;
  if (kty === 'EC' && !EC_CURVES.includes(crv!)) throw fail(`unsupported curve "${crv}" for kty EC`);
  if (kty === 'OKP' && !OKP_CURVES.includes(crv!)) throw fail(`unsupported curve "${crv}" for kty OKP`);
  const ktyFits = spec.kty === kty || (spec.kty === 'EC' && kty === 'OKP' && crv === 'X25519');
  if (!ktyFits || (spec.crv && !spec.crv.includes(crv!))) {
    throw fail(`algorithm "${raw.alg}" cannot be used with a ${kty}${crv ? ` ${crv}` : ''} key`);
  }
  if (raw.x5c !== undefined && (!Array.isArray(raw.x5c) || raw.x5c.some((c) => typeof c !== 'string'))) throw fail('"x5c" must be an array of strings');
  for (const member of ['x5u', 'x5t', 'x5t#S256']) {
    if (raw[member] !== undefined && typeof raw[member] !== 'string') throw fail(`"${member}" must be a string`);
  }

  const jwk = normalizeJwk({ ...(raw as JWK), kid, kty, use: raw.use, alg: raw.alg });
  if (kty === 'oct') {
    const bytes = Buffer.from(jwk.k!, 'base64url').length;
    if (spec.octBytes && bytes !== spec.octBytes) throw fail(`${raw.alg} needs a ${spec.octBytes * 8}-bit key`);
    if (spec.minOctBytes && bytes < spec.minOctBytes) throw fail(`${raw.alg} needs a key of at least ${spec.minOctBytes * 8} bits`);
    return jwk;
  }
  if (kty === 'RSA') {
    const bits = modulusBits(jwk.n!);
    if (bits < 2048) throw fail(`RSA keys must have at least 2048 bits, got ${bits}`);
    if (jwk.d !== undefined && RSA_PRIVATE.some((m) => jwk[m] === undefined)) throw fail('an RSA private key needs d, p, q, dp, dq and qi');
  }
  if (kty !== 'RSA' && Object.keys(raw).some((m) => ['p', 'q', 'dp', 'dq', 'qi'].includes(m))) throw fail(`RSA members on a ${kty} key`);

  // jose must accept the key for its algorithm, both halves.
  try {
    await importJWK(publicHalf(jwk)!, jwk.alg);
    if (jwk.d !== undefined) await importJWK(jwk, jwk.alg);
  } catch (err) {
    throw fail(`not a valid ${raw.alg} key (${(err as Error).message})`);
  }
  if (hasSecret(jwk) && !halvesMatch(jwk)) throw fail('the private key does not belong to the public key');
  return jwk;
}

function modulusBits(n: string): number {
  const bytes = Buffer.from(n, 'base64url');
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i) * 8 - (Math.clz32(bytes[i]!) - 24);
}

/** Signs with the private half and verifies with the public half (or, for X25519, derives the public half). */
function halvesMatch(jwk: JWK): boolean {
  try {
    const privateKey: KeyObject = createPrivateKey({ key: jwk as never, format: 'jwk' });
    const publicKey = createPublicKey({ key: publicHalf(jwk) as never, format: 'jwk' });
    if (jwk.kty === 'OKP' && jwk.crv === 'X25519') {
      return createPublicKey(privateKey).export({ format: 'jwk' }).x === jwk.x;
    }
    const data = randomBytes(32);
    const hash = jwk.kty === 'OKP' ? null : 'sha256';
    return verify(hash, data, publicKey, sign(hash, data, privateKey));
  } catch {
    return false;
  }
}
