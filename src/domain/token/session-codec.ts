// Seals the per-token session (AES-256-GCM, purpose 'token-session') with the
// row's signature as associated data: a session cannot be moved to another row.
import type { Aead } from '../crypto/aead.js';
import type { TokenSession } from './session.js';

export class SessionCodec {
  constructor(private readonly aead: Aead) {}

  seal(signature: string, session: TokenSession): string {
    return this.aead.encrypt(JSON.stringify(session), signature);
  }

  open(signature: string, sealed: string): TokenSession {
    return JSON.parse(this.aead.decrypt(sealed, signature)) as TokenSession;
  }
}
