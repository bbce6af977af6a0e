// Opaque tokens in Hydra's format: `ory_at_`, `ory_rt_` or `ory_ac_`, then
// base64url(32 random bytes) "." base64url(HMAC-SHA512/256(key)). Only the
// signature (the part after the dot) is stored: a leaked database holds no
// usable token, and a presented token is found with one indexed lookup.
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { randomBytes } from '../crypto/random.js';

export type OpaqueKind = 'access_token' | 'refresh_token' | 'authorize_code' | 'device_code';

export const TOKEN_PREFIX: Record<OpaqueKind, string> = {
  access_token: 'ory_at_',
  refresh_token: 'ory_rt_',
  authorize_code: 'ory_ac_',
  device_code: 'ory_dc_',
};

const KEY_BYTES = 32;

export interface OpaqueToken {
  token: string;
  signature: string;
}

export class OpaqueTokenCodec {
  private readonly keys: Buffer[];

  /** The first secret signs; all of them verify, so system secrets can be rotated. */
  constructor(secrets: readonly string[]) {
    if (secrets.length === 0) throw new Error('OpaqueTokenCodec needs at least one secret');
    this.keys = secrets.map((secret) => Buffer.from(hkdfSync('sha256', secret, 'gatehouse', 'hmac:opaque-token', 32)));
  }

  generate(kind: OpaqueKind): OpaqueToken {
    const key = randomBytes(KEY_BYTES);
    const signature = mac(this.keys[0]!, key).toString('base64url');
    return { token: `${TOKEN_PREFIX[kind]}${key.toString('base64url')}.${signature}`, signature };
  }

  /**
   * The signature to look the token up by, once its HMAC checks out under one
   * of the secrets; undefined for anything malformed, forged or of another kind.
   */
  verify(kind: OpaqueKind, token: string): string | undefined {
    const prefix = TOKEN_PREFIX[kind];
    if (typeof token !== 'string' || !token.startsWith(prefix)) return undefined;
    const [encodedKey, signature, extra] = token.slice(prefix.length).split('.');
    if (!encodedKey || !signature || extra !== undefined) return undefined;
    const key = Buffer.from(encodedKey, 'base64url');
    const presented = Buffer.from(signature, 'base64url');
    if (key.length !== KEY_BYTES || presented.length !== 32) return undefined;
    return this.keys.some((secret) => timingSafeEqual(mac(secret, key), presented)) ? signature : undefined;
  }

  /**
   * The signature of a short code that is typed in rather than carried (an
   * RFC 8628 user code): looked up by its HMAC under the first secret, so
   * pending user codes do not survive a secret rotation.
   */
  signCode(code: string): string {
    return mac(this.keys[0]!, Buffer.from(code, 'utf8')).toString('base64url');
  }

  /** Which kind a token claims to be, by its prefix. */
  static kindOf(token: string): OpaqueKind | undefined {
    return (Object.keys(TOKEN_PREFIX) as OpaqueKind[]).find((kind) => token.startsWith(TOKEN_PREFIX[kind]));
  }
}

const mac = (secret: Buffer, key: Buffer) => createHmac('sha512-256', secret).update(key).digest();
