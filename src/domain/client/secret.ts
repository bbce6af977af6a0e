// Client secrets: generated like Hydra's (26 characters from its alphabet),
// stored only as bcrypt hashes.
import { randomInt } from 'node:crypto';
import bcrypt from 'bcrypt';

/** Hydra's secret alphabet (x.GenerateSecret). */
const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890_-.~';
/** Hydra generates secrets of 26 characters. */
export const GENERATED_SECRET_LENGTH = 26;

export function generateSecret(length: number = GENERATED_SECRET_LENGTH): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

export function hashSecret(secret: string, cost: number): Promise<string> {
  return bcrypt.hash(secret, cost);
}

/** True when `secret` matches any of the hashes (current first, then rotated ones). */
export async function matchesAnyHash(secret: string, hashes: readonly (string | null | undefined)[]): Promise<boolean> {
  for (const hash of hashes) {
    if (hash && (await bcrypt.compare(secret, hash))) return true;
  }
  return false;
}
