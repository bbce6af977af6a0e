// Validation of imported keys (PUT /admin/keys/...).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { validateJwk } from '../../src/domain/jwk/validate.js';
import { OAuth2Error } from '../../src/domain/errors.js';

const privateJwk = async (alg: string, options: { crv?: string; modulusLength?: number } = {}) =>
  exportJWK((await generateKeyPair(alg, { extractable: true, ...options })).privateKey);
const publicJwk = async (alg: string, options: { crv?: string; modulusLength?: number } = {}) =>
  exportJWK((await generateKeyPair(alg, { extractable: true, ...options })).publicKey);

async function rejected(input: unknown, pattern: RegExp, fallbackKid?: string): Promise<void> {
  await assert.rejects(validateJwk(input, fallbackKid), (err: unknown) => {
    assert.ok(err instanceof OAuth2Error, String(err));
    assert.equal(err.status, 400);
    const body = err.toJSON();
    assert.equal(body.error, 'The request was malformed or contained invalid parameters');
    assert.match(body.error_description, /^Unable to decode the request body: /);
    assert.match(body.error_description, pattern);
    return true;
  });
}

describe('validateJwk accepts', () => {
  test('an RSA private key, keeping private members and dropping unknown ones', async () => {
    const jwk = { ...(await privateJwk('RS256', { modulusLength: 2048 })), kid: 'r', use: 'sig', alg: 'RS256', key_ops: ['sign'], ext: true, foo: 'bar' };
    const out = await validateJwk(jwk);
    for (const m of ['n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi', 'kid', 'use', 'alg', 'kty']) assert.equal(out[m as keyof JWK], jwk[m as keyof typeof jwk]);
    assert.equal('key_ops' in out, false);
    assert.equal('ext' in out, false);
    assert.equal('foo' in out, false);
  });

  test('public-only RSA, EC, Ed25519 keys', async () => {
    for (const [alg, jwk] of [
      ['PS256', await publicJwk('PS256', { modulusLength: 2048 })],
      ['ES384', await publicJwk('ES384')],
      ['EdDSA', await publicJwk('Ed25519')],
    ] as const) {
      const out = await validateJwk({ ...jwk, kid: alg, use: 'sig', alg });
      assert.equal(out.d, undefined);
      assert.equal(out.alg, alg);
    }
  });

  test('EC and Ed25519 private keys', async () => {
    assert.equal((await validateJwk({ ...(await privateJwk('ES512')), kid: 'e', use: 'sig', alg: 'ES512' })).crv, 'P-521');
    assert.equal((await validateJwk({ ...(await privateJwk('Ed25519')), kid: 'o', use: 'sig', alg: 'EdDSA' })).crv, 'Ed25519');
  });

  test('encryption keys: RSA-OAEP-256, ECDH-ES on P-256 and X25519', async () => {
    await validateJwk({ ...(await privateJwk('RSA-OAEP-256', { modulusLength: 2048 })), kid: 'rsa-enc', use: 'enc', alg: 'RSA-OAEP-256' });
    await validateJwk({ ...(await privateJwk('ECDH-ES', { crv: 'P-256' })), kid: 'ec-enc', use: 'enc', alg: 'ECDH-ES' });
    await validateJwk({ ...(await privateJwk('ECDH-ES', { crv: 'X25519' })), kid: 'x-enc', use: 'enc', alg: 'ECDH-ES' });
  });

  test('a symmetric HS256 key of 256 bits', async () => {
    const k = randomBytes(32).toString('base64url');
    assert.deepEqual(await validateJwk({ kty: 'oct', k, kid: 'h', use: 'sig', alg: 'HS256' }), { kty: 'oct', kid: 'h', use: 'sig', alg: 'HS256', k });
  });

  test('a missing kid is filled in from the path', async () => {
    assert.equal((await validateJwk({ ...(await publicJwk('ES256')), use: 'sig', alg: 'ES256' }, 'from-path')).kid, 'from-path');
  });

  test('a kid in the body wins over the path (Hydra stores under the body kid)', async () => {
    assert.equal((await validateJwk({ ...(await publicJwk('ES256')), kid: 'body', use: 'sig', alg: 'ES256' }, 'path')).kid, 'body');
  });
});

describe('validateJwk rejects with 400', () => {
  test('non-objects', async () => {
    for (const input of [null, 'x', 42, [], undefined]) await rejected(input, /JSON object/);
  });

  test('unknown or missing kty', async () => {
    await rejected({ kid: 'a', use: 'sig', alg: 'RS256' }, /unknown json web key type/);
    await rejected({ kty: 'XYZ', kid: 'a', use: 'sig', alg: 'RS256' }, /unknown json web key type "XYZ"/);
    await rejected({ kty: 'toString', kid: 'a', use: 'sig', alg: 'RS256' }, /unknown json web key type/);
  });

  test('missing kid, use or alg', async () => {
    const ec = await publicJwk('ES256');
    await rejected({ ...ec, use: 'sig', alg: 'ES256' }, /"kid" is required/);
    await rejected({ ...ec, kid: '', use: 'sig', alg: 'ES256' }, /"kid" is required/);
    await rejected({ ...ec, kid: 'a', alg: 'ES256' }, /"use" is required/);
    await rejected({ ...ec, kid: 'a', use: 'verify', alg: 'ES256' }, /"use" is required/);
    await rejected({ ...ec, kid: 'a', use: 'sig' }, /"alg" is required/);
  });

  test('an unknown algorithm', async () => {
    await rejected({ ...(await publicJwk('ES256')), kid: 'a', use: 'sig', alg: 'ES256K' }, /unsupported algorithm "ES256K"/);
    await rejected({ ...(await publicJwk('ES256')), kid: 'a', use: 'sig', alg: 'none' }, /unsupported algorithm/);
  });

  test('an algorithm that does not fit the key type or curve', async () => {
    const rsa = await privateJwk('RS256', { modulusLength: 2048 });
    await rejected({ ...rsa, kid: 'a', use: 'sig', alg: 'ES256' }, /algorithm "ES256" cannot be used with a RSA key/);
    await rejected({ ...rsa, kid: 'a', use: 'sig', alg: 'HS256' }, /cannot be used with a RSA key/);
    await rejected({ ...(await privateJwk('ES256')), kid: 'a', use: 'sig', alg: 'ES384' }, /cannot be used with a EC P-256 key/);
    await rejected({ ...(await privateJwk('ES256')), kid: 'a', use: 'sig', alg: 'EdDSA' }, /cannot be used with a EC P-256 key/);
    await rejected({ ...(await privateJwk('Ed25519')), kid: 'a', use: 'sig', alg: 'ES256' }, /cannot be used with a OKP Ed25519 key/);
    await rejected({ kty: 'oct', k: randomBytes(32).toString('base64url'), kid: 'a', use: 'sig', alg: 'RS256' }, /cannot be used with a oct key/);
    await rejected({ ...(await privateJwk('ECDH-ES', { crv: 'X25519' })), kid: 'a', use: 'sig', alg: 'EdDSA' }, /cannot be used with a OKP X25519 key/);
  });

  test('missing or malformed key members', async () => {
    const ec = await privateJwk('ES256');
    await rejected({ ...ec, x: undefined, kid: 'a', use: 'sig', alg: 'ES256' }, /missing "x"/);
    await rejected({ ...ec, kid: 'a', use: 'sig', alg: 'ES256', crv: 'P-999' }, /unsupported curve "P-999"/);
    await rejected({ ...ec, d: `${ec.d}==`, kid: 'a', use: 'sig', alg: 'ES256' }, /"d" must be base64url/);
    await rejected({ ...ec, y: 'AAAA', kid: 'a', use: 'sig', alg: 'ES256' }, /not a valid ES256 key/);
    await rejected({ kty: 'oct', kid: 'a', use: 'sig', alg: 'HS256' }, /missing "k"/);
    await rejected({ ...ec, kid: 'a', use: 'sig', alg: 'ES256', x5c: 'not-an-array' }, /"x5c" must be an array/);
  });

  test('RSA keys under 2048 bits and partial RSA private keys', async () => {
    // jose refuses to generate one; node:crypto still does.
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'jwk' });
    await rejected({ ...small, kid: 'a', use: 'sig', alg: 'RS256' }, /at least 2048 bits, got 1024/);
    const rsa = await privateJwk('RS256', { modulusLength: 2048 });
    await rejected({ ...rsa, qi: undefined, dp: undefined, kid: 'a', use: 'sig', alg: 'RS256' }, /needs d, p, q, dp, dq and qi/);
  });

  test('symmetric keys that are too short', async () => {
    await rejected({ kty: 'oct', k: randomBytes(16).toString('base64url'), kid: 'a', use: 'sig', alg: 'HS256' }, /at least 256 bits/);
    await rejected({ kty: 'oct', k: randomBytes(32).toString('base64url'), kid: 'a', use: 'sig', alg: 'HS512' }, /at least 512 bits/);
  });

  test('a private half that does not belong to the public half', async () => {
    const [a, b] = [await privateJwk('RS256', { modulusLength: 2048 }), await privateJwk('RS256', { modulusLength: 2048 })];
    await rejected({ ...a, n: b.n, kid: 'a', use: 'sig', alg: 'RS256' }, /does not belong|not a valid/);
    const [c, d] = [await privateJwk('Ed25519'), await privateJwk('Ed25519')];
    await rejected({ ...c, x: d.x, kid: 'a', use: 'sig', alg: 'EdDSA' }, /does not belong|not a valid/);
    const [e, f] = [await privateJwk('ES256'), await privateJwk('ES256')];
    await rejected({ ...e, x: f.x, y: f.y, kid: 'a', use: 'sig', alg: 'ES256' }, /does not belong|not a valid/);
  });
});
