// The JSON Hydra sends for a client: its struct's member order, and the
// members Go marks `omitempty` left out when empty (so a client without, say,
// a jwks_uri has no `jwks_uri` member at all, exactly as from Hydra).
import { LIFESPAN_FIELDS, type OAuth2Client } from './model.js';

type Member = [name: keyof OAuth2Client, omitEmpty: boolean];

const MEMBERS: Member[] = [
  ['client_id', false],
  ['client_name', false],
  ['client_secret', true],
  ['redirect_uris', false],
  ['grant_types', false],
  ['response_types', false],
  ['scope', false],
  ['audience', false],
  ['owner', false],
  ['policy_uri', false],
  ['allowed_cors_origins', false],
  ['tos_uri', false],
  ['client_uri', false],
  ['logo_uri', false],
  ['contacts', false],
  ['client_secret_expires_at', false],
  ['subject_type', false],
  ['sector_identifier_uri', true],
  ['jwks_uri', true],
  ['jwks', false],
  ['token_endpoint_auth_method', true],
  ['token_endpoint_auth_signing_alg', true],
  ['request_uris', true],
  ['request_object_signing_alg', true],
  ['userinfo_signed_response_alg', true],
  ['created_at', false],
  ['updated_at', false],
  ['frontchannel_logout_uri', true],
  ['frontchannel_logout_session_required', true],
  ['post_logout_redirect_uris', true],
  ['backchannel_logout_uri', true],
  ['backchannel_logout_session_required', true],
  ['metadata', false],
  ['registration_access_token', true],
  ['registration_client_uri', true],
  ['access_token_strategy', true],
  ['skip_consent', false],
  ['skip_logout_consent', false],
  ...LIFESPAN_FIELDS.map((name): Member => [name, false]),
];

const isEmpty = (value: unknown) =>
  value === undefined || value === null || value === '' || value === false || value === 0 || (Array.isArray(value) && value.length === 0);

export function toHydraJson(client: Partial<OAuth2Client>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, omitEmpty] of MEMBERS) {
    const value = client[name];
    if (value === undefined || (omitEmpty && isEmpty(value))) continue;
    out[name] = value;
  }
  return out;
}

/** A timestamp as Go marshals a whole-second UTC time.Time ("2026-01-02T03:04:05Z"). */
export function formatTimestamp(date: Date): string {
  return date.toISOString().replace(/\.000Z$/, 'Z');
}

/** Hydra stores times rounded to the second. */
export function roundToSecond(date: Date): Date {
  return new Date(Math.round(date.getTime() / 1000) * 1000);
}
