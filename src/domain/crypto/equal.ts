// Comparing secrets (CSRF values, PKCE challenges, token digests) in constant
// time: both sides are hashed first, so neither their content nor their
// length shows in the timing.
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string | Buffer) => createHash('sha256').update(value).digest();

export function constantTimeEqual(a: string | Buffer, b: string | Buffer): boolean {
  return timingSafeEqual(digest(a), digest(b));
}
