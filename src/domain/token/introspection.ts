// Token introspection (RFC 7662) as Hydra's admin endpoint answers it: active
// access and refresh tokens with their grant; anything else, for whatever
// reason, is just {active: false}. Cost: HMAC check, one lookup, one decryption.
import { firstDisallowedScope, splitScope, type ScopeStrategy } from '../oauth2/scope.js';
import { isExpired, type TokenLookup } from './lookup.js';
import type { TokenKind } from './repository.js';

export interface IntrospectionRequest {
  token: string;
  tokenTypeHint?: string;
  /** Space-separated; every scope must be granted to the token. */
  scope?: string;
}

export type Introspection =
  | { active: false }
  | {
      active: true;
      scope?: string;
      client_id: string;
      sub: string;
      obfuscated_subject?: string;
      exp?: number;
      iat: number;
      nbf: number;
      aud: string[];
      iss: string;
      token_type: 'Bearer';
      token_use: 'access_token' | 'refresh_token';
      ext?: Record<string, unknown>;
    };

const INACTIVE = { active: false } as const;
const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

export async function introspect(
  lookup: TokenLookup,
  options: { issuer: string; scopeStrategy: ScopeStrategy; now: Date },
  request: IntrospectionRequest,
): Promise<Introspection> {
  const kinds: TokenKind[] = request.tokenTypeHint === 'refresh_token' ? ['refresh_token', 'access_token'] : ['access_token', 'refresh_token'];
  const found = await lookup.find(request.token, kinds);
  if (!found) return INACTIVE;
  const { record, session } = found;
  if (isExpired(record, options.now)) return INACTIVE;
  if (record.kind === 'refresh_token' && !lookup.refreshUsable(record, options.now)) return INACTIVE;
  if (firstDisallowedScope(options.scopeStrategy, record.grantedScope, splitScope(request.scope)) !== undefined) return INACTIVE;

  const { subject, idTokenSubject, accessTokenClaims } = session.grant;
  const issuedAt = seconds(record.requestedAt);
  return {
    active: true,
    ...(record.grantedScope.length > 0 && { scope: record.grantedScope.join(' ') }),
    client_id: record.clientId,
    sub: subject,
    ...(idTokenSubject && idTokenSubject !== subject && { obfuscated_subject: idTokenSubject }),
    ...(record.expiresAt && { exp: seconds(record.expiresAt) }),
    iat: issuedAt,
    nbf: issuedAt,
    aud: record.grantedAudience,
    iss: options.issuer,
    token_type: 'Bearer',
    token_use: record.kind === 'refresh_token' ? 'refresh_token' : 'access_token',
    ...(Object.keys(accessTokenClaims).length > 0 && { ext: accessTokenClaims }),
  };
}
