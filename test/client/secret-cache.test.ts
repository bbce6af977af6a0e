import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SecretCheckCache } from '../../src/domain/client/secret-cache.js';

test('remembers a successful check only for the same client, stored hash and secret', () => {
  const cache = new SecretCheckCache();
  cache.remember('client', '$2b$hash', 's3cret');
  assert.ok(cache.has('client', '$2b$hash', 's3cret'));
  assert.equal(cache.has('client', '$2b$hash', 'other'), false);
  assert.equal(cache.has('client', '$2b$rotated-away', 's3cret'), false);
  assert.equal(cache.has('other-client', '$2b$hash', 's3cret'), false);
});

test('entries expire and the cache stays bounded', () => {
  let now = 1_000;
  const cache = new SecretCheckCache({ ttlMs: 100, maxEntries: 2, now: () => now });
  cache.remember('a', 'h', 's');
  now += 101;
  assert.equal(cache.has('a', 'h', 's'), false);
  cache.remember('a', 'h', 's');
  cache.remember('b', 'h', 's');
  cache.remember('c', 'h', 's');
  assert.equal(cache.has('a', 'h', 's'), false, 'the oldest entry was evicted');
  assert.ok(cache.has('b', 'h', 's') && cache.has('c', 'h', 's'));
});
