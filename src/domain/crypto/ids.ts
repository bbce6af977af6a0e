// Identifiers that become database keys. Random v4 UUIDs land on a random
// leaf of every index they enter, so each write dirties pages all over the
// B-tree (and, with SQLite's WAL, copies each of them to the log). Version-7
// UUIDs (RFC 9562) start with the time in milliseconds: rows written together
// share the rightmost leaf. The 74 remaining bits stay random, so the ids are
// still unguessable; they reveal only when they were made, which nothing here
// keeps secret (auth_time and iat say as much).
import { randomBytes } from './random.js';

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** A version-7 UUID as 32 hex digits (Hydra's dashless form of its ids). */
export function hexIdV7(now: number = Date.now()): string {
  const bytes = randomBytes(16);
  // 48-bit big-endian milliseconds since the epoch.
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70; // version 7
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 9562 variant
  let hex = '';
  for (const byte of bytes) hex += HEX[byte];
  return hex;
}

/** A version-7 UUID in its usual dashed form. */
export function uuidV7(now: number = Date.now()): string {
  const h = hexIdV7(now);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
