// Random bytes from a pool filled 4 KiB at a time. Each crypto.randomBytes
// call crosses into OpenSSL and allocates; a token request needs three small
// draws (token key, nonce, request id), so one fill serves about a hundred
// requests. Bytes are handed out once: a used pool is dropped, never refilled,
// because the slices handed out still point into it.
import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let offset = 0;

/** `size` cryptographically secure random bytes (a view into the pool; safe to keep). */
export function randomBytes(size: number): Buffer {
  if (size > POOL_BYTES / 4) return randomFillSync(Buffer.allocUnsafe(size));
  if (offset + size > pool.length) {
    pool = randomFillSync(Buffer.allocUnsafeSlow(POOL_BYTES));
    offset = 0;
  }
  const bytes = pool.subarray(offset, offset + size);
  offset += size;
  return bytes;
}
