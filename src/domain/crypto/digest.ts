// SHA-256 digests of values stored in place of secrets (challenges,
// verifiers, registration access tokens): lookups by digest, never by value.
import { createHash } from 'node:crypto';

export const sha256Base64url = (value: string) => createHash('sha256').update(value).digest('base64url');
