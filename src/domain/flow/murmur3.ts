// MurmurHash3 x86_32 (seed 0): Hydra suffixes CSRF cookie names with it, so a
// browser running flows for several clients keeps one cookie per client.

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

const rotl32 = (x: number, r: number) => (x << r) | (x >>> (32 - r));

function mixK(k: number): number {
  k = Math.imul(k, C1);
  k = rotl32(k, 15);
  return Math.imul(k, C2);
}

/** The unsigned 32-bit hash of the UTF-8 bytes of `input`. */
export function murmur3x86_32(input: string | Uint8Array, seed = 0): number {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const blocks = bytes.length & ~3;
  let h = seed >>> 0;
  for (let i = 0; i < blocks; i += 4) {
    const k = bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    h ^= mixK(k);
    h = rotl32(h, 13);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const rest = bytes.length & 3;
  if (rest > 0) {
    let tail = 0;
    if (rest === 3) tail ^= bytes[blocks + 2]! << 16;
    if (rest >= 2) tail ^= bytes[blocks + 1]! << 8;
    tail ^= bytes[blocks]!;
    h ^= mixK(tail);
  }
  h ^= bytes.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
