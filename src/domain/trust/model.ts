// A trusted JWT-bearer issuer (RFC 7523 §2.1, Hydra's trust API): assertions
// from `issuer`, about `subject` (or any subject), signed with `publicJwk`,
// may be exchanged for access tokens with scopes out of `scope` until
// `expiresAt`.
import type { JWK } from 'jose';
import { formatTimestamp } from '../client/wire.js';

export interface TrustedJwtIssuer {
  id: string;
  issuer: string;
  /** '' when allowAnySubject. */
  subject: string;
  allowAnySubject: boolean;
  scope: string[];
  /** The public key only (private members are refused on creation); its kid is required. */
  publicJwk: JWK;
  createdAt: Date;
  expiresAt: Date;
}

export interface TrustedJwtIssuerFilter {
  issuer?: string;
}

/** Hydra's trustedOAuth2JwtGrantIssuer. */
export interface TrustedJwtIssuerJson {
  id: string;
  issuer: string;
  subject: string;
  allow_any_subject: boolean;
  scope: string[];
  /** Hydra files the key under the key set named after the issuer. */
  public_key: { set: string; kid: string };
  created_at: string;
  expires_at: string;
}

/** Hydra's public_key: the key set is named after the issuer, the key by its kid. */
export const publicKeyRef = (trust: TrustedJwtIssuer) => ({ set: trust.issuer, kid: trust.publicJwk.kid ?? '' });

export function toHydraJson(trust: TrustedJwtIssuer): TrustedJwtIssuerJson {
  return {
    id: trust.id,
    issuer: trust.issuer,
    subject: trust.subject,
    allow_any_subject: trust.allowAnySubject,
    scope: trust.scope,
    public_key: publicKeyRef(trust),
    created_at: formatTimestamp(trust.createdAt),
    expires_at: formatTimestamp(trust.expiresAt),
  };
}
