// Imported verification keys, kept per JWK and algorithm (bounded), so that
// verifying an assertion costs no re-import of a key already seen.
import { importJWK, type CryptoKey, type JWK } from 'jose';

const MAX_IMPORTED = 1_000;

export class ImportedKeys {
  private readonly imported = new Map<string, Promise<CryptoKey | Uint8Array>>();

  import(jwk: JWK, alg: string): Promise<CryptoKey | Uint8Array> {
    const id = `${alg}\0${JSON.stringify(jwk)}`;
    let key = this.imported.get(id);
    if (!key) {
      if (this.imported.size >= MAX_IMPORTED) this.imported.delete(this.imported.keys().next().value!);
      key = importJWK(jwk, alg);
      this.imported.set(id, key);
      key.catch(() => this.imported.delete(id));
    }
    return key;
  }
}
