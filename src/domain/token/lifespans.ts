// Token lifespans per grant (Hydra's client Lifespans): a client's non-null
// value wins over the configured ttl. A negative lifespan (-1) means the
// refresh token never expires.
import { parseDuration } from '../duration.js';
import type { ClientRecord } from '../client/repository.js';
import type { LifespanField } from '../client/model.js';
import type { TokenSettings } from './settings.js';

export type Grant = 'authorization_code' | 'refresh_token' | 'client_credentials' | 'implicit' | 'device_code' | 'urn:ietf:params:oauth:grant-type:jwt-bearer';
export type LifespanOf = 'access_token' | 'refresh_token' | 'id_token';

const FIELD: Record<Grant, Partial<Record<LifespanOf, LifespanField>>> = {
  authorization_code: {
    access_token: 'authorization_code_grant_access_token_lifespan',
    refresh_token: 'authorization_code_grant_refresh_token_lifespan',
    id_token: 'authorization_code_grant_id_token_lifespan',
  },
  refresh_token: {
    access_token: 'refresh_token_grant_access_token_lifespan',
    refresh_token: 'refresh_token_grant_refresh_token_lifespan',
    id_token: 'refresh_token_grant_id_token_lifespan',
  },
  client_credentials: { access_token: 'client_credentials_grant_access_token_lifespan' },
  // Tokens issued by the authorization endpoint (implicit and hybrid flows).
  implicit: { access_token: 'implicit_grant_access_token_lifespan', id_token: 'implicit_grant_id_token_lifespan' },
  device_code: {
    access_token: 'device_authorization_grant_access_token_lifespan',
    refresh_token: 'device_authorization_grant_refresh_token_lifespan',
    id_token: 'device_authorization_grant_id_token_lifespan',
  },
  'urn:ietf:params:oauth:grant-type:jwt-bearer': { access_token: 'jwt_bearer_grant_access_token_lifespan' },
};

/** Milliseconds. */
export function lifespan(settings: TokenSettings, client: ClientRecord, grant: Grant, of: LifespanOf): number {
  const field = FIELD[grant][of];
  const own = field ? client[field] : null;
  if (own) {
    if (own.startsWith('-')) return -1;
    return parseDuration(own);
  }
  return of === 'access_token' ? settings.ttl.accessToken : of === 'refresh_token' ? settings.ttl.refreshToken : settings.ttl.idToken;
}

/** now + ms; null for a negative (unlimited) lifespan. */
export function expiry(now: Date, ms: number, roundToSecond = false): Date | null {
  if (ms < 0) return null;
  const at = now.getTime() + ms;
  return new Date(roundToSecond ? Math.round(at / 1000) * 1000 : at);
}
