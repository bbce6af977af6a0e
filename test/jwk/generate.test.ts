// Key generation for every algorithm POST /admin/keys/{set} offers.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CompactSign, compactVerify, importJWK, type JWK } from 'jose';
import { generateJwk } from '../../src/domain/jwk/generate.js';
import { GENERATED_ALGORITHMS } from '../../src/domain/jwk/algorithms.js';
import { publicHalf } from '../../src/domain/jwk/jwk.js';
import { OAuth2Error } from '../../src/domain/errors.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const bits = (b64: string) => Buffer.from(b64, 'base64url').length * 8;

interface Expectation {
  kty: string;
  crv?: string;
  /** RSA modulus or oct key size in bits. */
  size?: number;
  privateMembers: string[];
}

const RSA_PRIVATE = ['d', 'p', 'q', 'dp', 'dq', 'qi'];
const EXPECTED: Record<string, Expectation> = {
  RS256: { kty: 'RSA', size: 4096, privateMembers: RSA_PRIVATE },
  RS384: { kty: 'RSA', size: 4096, privateMembers: RSA_PRIVATE },
  RS512: { kty: 'RSA', size: 4096, privateMembers: RSA_PRIVATE },
  PS256: { kty: 'RSA', size: 2048, privateMembers: RSA_PRIVATE },
  PS384: { kty: 'RSA', size: 2048, privateMembers: RSA_PRIVATE },
  PS512: { kty: 'RSA', size: 2048, privateMembers: RSA_PRIVATE },
  ES256: { kty: 'EC', crv: 'P-256', privateMembers: ['d'] },
  ES384: { kty: 'EC', crv: 'P-384', privateMembers: ['d'] },
  ES512: { kty: 'EC', crv: 'P-521', privateMembers: ['d'] },
  EdDSA: { kty: 'OKP', crv: 'Ed25519', privateMembers: ['d'] },
  HS256: { kty: 'oct', size: 256, privateMembers: ['k'] },
  HS384: { kty: 'oct', size: 384, privateMembers: ['k'] },
  HS512: { kty: 'oct', size: 512, privateMembers: ['k'] },
};

describe('generateJwk', () => {
  test('offers exactly the expected algorithms', () => {
    assert.deepEqual([...GENERATED_ALGORITHMS].sort(), Object.keys(EXPECTED).sort());
  });

  for (const [alg, expected] of Object.entries(EXPECTED)) {
    test(`${alg}: ${expected.kty}${expected.crv ? ` ${expected.crv}` : ''}${expected.size ? ` ${expected.size} bits` : ''}, private half, sign/verify`, async () => {
      const jwk = await generateJwk({ alg, kid: `kid-${alg}`, use: 'sig' });
      assert.equal(jwk.kty, expected.kty);
      assert.equal(jwk.alg, alg);
      assert.equal(jwk.kid, `kid-${alg}`);
      assert.equal(jwk.use, 'sig');
      if (expected.crv) assert.equal(jwk.crv, expected.crv);
      if (expected.kty === 'RSA') {
        assert.equal(bits(jwk.n!), expected.size);
        assert.equal(jwk.e, 'AQAB');
      }
      if (expected.kty === 'oct') assert.equal(bits(jwk.k!), expected.size);
      for (const member of expected.privateMembers) assert.equal(typeof (jwk as Record<string, unknown>)[member], 'string', `${member} present`);

      const payload = new TextEncoder().encode(`payload for ${alg}`);
      const jws = await new CompactSign(payload).setProtectedHeader({ alg, kid: jwk.kid! }).sign(await importJWK(jwk, alg));
      const verifyKey = expected.kty === 'oct' ? await importJWK(jwk, alg) : await importJWK(publicHalf(jwk)!, alg);
      const verified = await compactVerify(jws, verifyKey);
      assert.deepEqual(Buffer.from(verified.payload), Buffer.from(payload));
      assert.equal(verified.protectedHeader.kid, jwk.kid);

      if (expected.kty !== 'oct') {
        const pub = publicHalf(jwk)!;
        for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k']) assert.equal(member in pub, false, `public half has no ${member}`);
      }
    });
  }

  test('kid defaults to a UUID v4 and use to "sig"; two keys never share a kid', async () => {
    const a = await generateJwk({ alg: 'ES256' });
    const b = await generateJwk({ alg: 'ES256', kid: '', use: '' });
    assert.match(a.kid!, UUID_V4);
    assert.match(b.kid!, UUID_V4);
    assert.notEqual(a.kid, b.kid);
    assert.equal(a.use, 'sig');
    assert.equal(b.use, 'sig');
    assert.equal((await generateJwk({ alg: 'ES256', use: 'enc' })).use, 'enc');
  });

  for (const alg of ['', 'none', 'RSA-OAEP', 'A256KW', 'ES256K', 'toString', '__proto__']) {
    test(`rejects ${JSON.stringify(alg)} with Hydra's "Unsupported key algorithm"`, async () => {
      await assert.rejects(generateJwk({ alg }), (err: unknown) => {
        assert.ok(err instanceof OAuth2Error);
        assert.equal(err.status, 400);
        assert.deepEqual(err.toJSON(), { error: 'Bad Request', error_description: 'Unsupported key algorithm' });
        return true;
      });
    });
  }

  test('only known members are written', async () => {
    const jwk: JWK = await generateJwk({ alg: 'ES256', kid: 'k' });
    assert.deepEqual(Object.keys(jwk).sort(), ['alg', 'crv', 'd', 'kid', 'kty', 'use', 'x', 'y']);
  });
});
