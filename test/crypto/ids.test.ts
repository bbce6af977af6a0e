// Time-ordered ids (src/domain/crypto/ids.ts) and the random pool they draw
// from (src/domain/crypto/random.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hexIdV7, uuidV7 } from '../../src/domain/crypto/ids.js';
import { randomBytes } from '../../src/domain/crypto/random.js';

test('v7 ids carry the version, the RFC 9562 variant and the time, and sort by it', () => {
  const at = Date.UTC(2026, 10, 24, 9, 30);
  const id = uuidV7(at);
  assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(parseInt(id.replaceAll('-', '').slice(0, 12), 16), at);
  const ids = [at + 5, at, at + 1000, at + 1].map((t) => hexIdV7(t));
  assert.deepEqual([...ids].sort(), [ids[1], ids[3], ids[0], ids[2]]);
});

test('v7 ids made in the same millisecond still differ (74 random bits)', () => {
  const at = Date.now();
  const seen = new Set(Array.from({ length: 10_000 }, () => hexIdV7(at)));
  assert.equal(seen.size, 10_000);
});

test('pooled random bytes are never handed out twice, across pool refills', () => {
  const draws = Array.from({ length: 2_000 }, () => randomBytes(32).toString('hex'));
  assert.equal(new Set(draws).size, draws.length);
  const big = randomBytes(5000);
  assert.equal(big.length, 5000);
  assert.notDeepEqual(big.subarray(0, 32), Buffer.alloc(32));
});
