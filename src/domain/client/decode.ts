// Reads a client from JSON the way Hydra's Go decoder fills its Client struct:
// absent and null members take the zero value, a member of the wrong type
// fails the whole request (400), unknown members are ignored. The result has
// every field set, ready for the validator.
import { formatDuration, isDuration, parseDuration } from '../duration.js';
import { LIFESPAN_FIELDS, type ClientLifespans, type OAuth2Client } from './model.js';
import { malformed } from './errors.js';

/** A client as sent, before validation: every field present, the plaintext secret ('' for none). */
export type ClientDraft = Omit<OAuth2Client, 'client_secret' | 'created_at' | 'updated_at' | 'registration_access_token' | 'registration_client_uri'> & {
  client_secret: string;
};

const STRING_FIELDS = [
  'client_id', 'client_name', 'client_secret', 'scope', 'owner', 'policy_uri', 'tos_uri', 'client_uri', 'logo_uri',
  'subject_type', 'sector_identifier_uri', 'jwks_uri', 'token_endpoint_auth_method', 'token_endpoint_auth_signing_alg',
  'request_object_signing_alg', 'userinfo_signed_response_alg', 'frontchannel_logout_uri', 'backchannel_logout_uri',
  'access_token_strategy',
] as const;
const LIST_FIELDS = [
  'redirect_uris', 'grant_types', 'response_types', 'audience', 'allowed_cors_origins', 'contacts', 'request_uris',
  'post_logout_redirect_uris',
] as const;
const BOOL_FIELDS = ['frontchannel_logout_session_required', 'backchannel_logout_session_required', 'skip_consent'] as const;

const decodeError = (detail: string) => malformed(`Unable to decode the request body: ${detail}`);

/** Go's encoding/json names for JSON values, as its decode errors use them. */
export function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  if (typeof value === 'boolean') return 'bool';
  return typeof value;
}

const typeError = (value: unknown, field: string, goType: string) =>
  decodeError(`json: cannot unmarshal ${jsonKind(value)} into Go struct field Client.${field} of type ${goType}`);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A Go duration as Hydra shows it ("1h0m0s"); null stays null. */
export function decodeLifespan(value: unknown, field: string): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') throw typeError(value, field, 'x.NullDuration');
  if (!isDuration(value)) throw decodeError(`time: invalid duration ${JSON.stringify(value)}`);
  return formatDuration(parseDuration(value));
}

/** Every lifespan field from `body` (absent ones null), as Hydra decodes its Lifespans struct. */
export function decodeLifespans(body: unknown): ClientLifespans {
  if (body === undefined) throw decodeError('EOF');
  if (body !== null && !isObject(body)) {
    throw decodeError(`json: cannot unmarshal ${jsonKind(body)} into Go value of type client.Lifespans`);
  }
  const source = (body ?? {}) as Record<string, unknown>;
  const out = {} as ClientLifespans;
  for (const field of LIFESPAN_FIELDS) out[field] = decodeLifespan(source[field], field);
  return out;
}

export function decodeClient(body: unknown): ClientDraft {
  if (body === undefined) throw decodeError('EOF');
  if (!isObject(body)) throw decodeError(`json: cannot unmarshal ${jsonKind(body)} into Go value of type client.Client`);
  const draft = {} as Record<string, unknown>;

  for (const field of STRING_FIELDS) {
    const value = body[field];
    if (value !== undefined && value !== null && typeof value !== 'string') throw typeError(value, field, 'string');
    draft[field] = value ?? '';
  }
  for (const field of LIST_FIELDS) {
    const value = body[field];
    if (value === undefined || value === null) {
      draft[field] = [];
      continue;
    }
    if (!Array.isArray(value)) throw typeError(value, field, 'sqlxx.StringSliceJSONFormat');
    for (const item of value) if (typeof item !== 'string') throw typeError(item, field, 'string');
    draft[field] = [...value];
  }
  for (const field of BOOL_FIELDS) {
    const value = body[field];
    if (value !== undefined && value !== null && typeof value !== 'boolean') throw typeError(value, field, 'bool');
    draft[field] = value ?? false;
  }

  const skipLogout = body.skip_logout_consent;
  if (skipLogout !== undefined && skipLogout !== null && typeof skipLogout !== 'boolean') throw typeError(skipLogout, 'skip_logout_consent', 'sqlxx.NullBool');
  draft.skip_logout_consent = skipLogout ?? null;

  const expires = body.client_secret_expires_at;
  if (expires !== undefined && expires !== null && !Number.isInteger(expires)) throw typeError(expires, 'client_secret_expires_at', 'int');
  draft.client_secret_expires_at = expires ?? 0;

  draft.jwks = decodeJwks(body.jwks);

  const metadata = body.metadata;
  if (metadata !== undefined && metadata !== null && !isObject(metadata)) {
    throw decodeError(`json: cannot unmarshal ${jsonKind(metadata)} into Go struct field Client.metadata of type object`);
  }
  draft.metadata = metadata ?? {};

  for (const field of LIFESPAN_FIELDS) draft[field] = decodeLifespan(body[field], field);
  return draft as unknown as ClientDraft;
}

/** {} when no key set was given (Hydra treats `{}` like no `jwks` at all), else {keys: [...]}. */
function decodeJwks(value: unknown): OAuth2Client['jwks'] {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw typeError(value, 'jwks', 'x.JoseJSONWebKeySet');
  if (value.keys === undefined || value.keys === null) return {};
  if (!Array.isArray(value.keys)) throw typeError(value.keys, 'jwks.keys', '[]jose.JSONWebKey');
  for (const key of value.keys) if (!isObject(key)) throw typeError(key, 'jwks.keys', 'jose.JSONWebKey');
  return { keys: value.keys as never[] };
}

/** True when the client carries a key set by value (Hydra's GetJSONWebKeys() != nil). */
export const hasJwks = (jwks: OAuth2Client['jwks']): jwks is { keys: never[] } => Array.isArray((jwks as { keys?: unknown }).keys);
