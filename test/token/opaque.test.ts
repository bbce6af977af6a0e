import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OpaqueTokenCodec, TOKEN_PREFIX } from '../../src/domain/token/opaque.js';

const codec = new OpaqueTokenCodec(['first-system-secret-0123456789']);

test('tokens have Hydra\'s prefixes and the stored signature is their second half', () => {
  for (const kind of ['access_token', 'refresh_token', 'authorize_code'] as const) {
    const { token, signature } = codec.generate(kind);
    assert.ok(token.startsWith(TOKEN_PREFIX[kind]));
    assert.match(token, /^ory_(at|rt|ac)_[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}$/);
    assert.equal(token.split('.')[1], signature);
    assert.equal(codec.verify(kind, token), signature);
    assert.equal(OpaqueTokenCodec.kindOf(token), kind);
  }
});

test('a token of another kind, a forged signature or a malformed token does not verify', () => {
  const { token } = codec.generate('access_token');
  assert.equal(codec.verify('refresh_token', token), undefined);
  const [key, signature] = token.slice('ory_at_'.length).split('.');
  const flipped = signature![0] === 'A' ? 'B' + signature!.slice(1) : 'A' + signature!.slice(1);
  assert.equal(codec.verify('access_token', `ory_at_${key}.${flipped}`), undefined);
  for (const bad of ['', 'ory_at_', 'ory_at_abc', `ory_at_${key}`, `ory_at_${key}.${signature}.x`, `ory_at_.${signature}`]) {
    assert.equal(codec.verify('access_token', bad), undefined, bad);
  }
});

test('tokens signed under another system secret fail; a rotated (older) secret still verifies', () => {
  const other = new OpaqueTokenCodec(['another-system-secret-987654321']);
  const { token } = other.generate('access_token');
  assert.equal(codec.verify('access_token', token), undefined);
  const rotated = new OpaqueTokenCodec(['a-brand-new-system-secret-000000', 'another-system-secret-987654321']);
  assert.ok(rotated.verify('access_token', token));
});
