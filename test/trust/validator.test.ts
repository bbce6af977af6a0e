// Hydra's trust request rules (decodeTrustRequest), without a server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exportJWK, generateKeyPair } from 'jose';
import { OAuth2Error } from '../../src/domain/errors.js';
import { decodeTrustRequest } from '../../src/domain/trust/validator.js';

const errorOf = (body: unknown) => {
  try {
    decodeTrustRequest(body);
  } catch (err) {
    assert.ok(err instanceof OAuth2Error);
    return err;
  }
  assert.fail('expected the body to be refused');
};

const publicJwk = async (alg: 'ES256' | 'EdDSA') => ({ ...(await exportJWK((await generateKeyPair(alg)).publicKey)), kid: alg });

test('EC and OKP public keys are accepted; nulls decode as Go zero values', async () => {
  for (const alg of ['ES256', 'EdDSA'] as const) {
    const draft = decodeTrustRequest({ issuer: 'i', subject: null, allow_any_subject: true, scope: null, jwk: await publicJwk(alg), expires_at: '2030-01-02t03:04:05+01:00' });
    assert.equal(draft.subject, '');
    assert.deepEqual(draft.scope, []);
    assert.equal(draft.expiresAt.toISOString(), '2030-01-02T02:04:05.000Z');
  }
});

test('a body that is not an object, and wrongly typed members, are decoding errors', async () => {
  const notObject = errorOf([1]);
  assert.equal(notObject.error, 'error');
  assert.equal(notObject.message, 'json: cannot unmarshal array into Go value of type trust.createGrantRequest');
  assert.match(errorOf({ issuer: 'i', scope: ['a', 3] }).message, /cannot unmarshal number into Go struct field createGrantRequest.scope of type string/);
  assert.match(errorOf({ issuer: 'i', allow_any_subject: 'yes' }).message, /of type bool/);
});

test('Go\'s zero time counts as a missing expires_at', async () => {
  const err = errorOf({ issuer: 'i', subject: 's', jwk: await publicJwk('ES256'), expires_at: '0001-01-01T00:00:00Z' });
  assert.equal(err.error, 'missing_required_parameter');
  assert.match(err.message, /'expires_at' is required/);
});

test('an invalid public key is refused', () => {
  const err = errorOf({ issuer: 'i', subject: 's', jwk: { kty: 'EC', crv: 'P-256', x: 'AAAA', y: 'AAAA', kid: 'k' }, expires_at: '2030-01-01T00:00:00Z' });
  assert.equal(err.error, 'invalid_request');
  assert.match(err.message, /not a usable public key/);
});
