// The JSON of Hydra v1.11's admin API where it differs from v2's: the client
// without v2's newer members (access token strategy, consent skipping, device
// lifespans) and with Go's `omitempty` as v1 declared it; consent requests
// without `consent_request_id`; consent sessions without v2's additions. Each
// shape takes the v2 body the shared handlers produce.
type Json = Record<string, unknown>;

/** [member, omitted when empty]: client.Client in v1.11, in its order. */
const CLIENT_MEMBERS: [string, boolean][] = [
  ['client_id', false], ['client_name', false], ['client_secret', true], ['redirect_uris', false], ['grant_types', false],
  ['response_types', false], ['scope', false], ['audience', false], ['owner', false], ['policy_uri', false],
  ['allowed_cors_origins', false], ['tos_uri', false], ['client_uri', false], ['logo_uri', false], ['contacts', false],
  ['client_secret_expires_at', false], ['subject_type', false], ['sector_identifier_uri', true], ['jwks_uri', true], ['jwks', true],
  ['token_endpoint_auth_method', true], ['token_endpoint_auth_signing_alg', true], ['request_uris', true],
  ['request_object_signing_alg', true], ['userinfo_signed_response_alg', true], ['created_at', false], ['updated_at', false],
  ['frontchannel_logout_uri', true], ['frontchannel_logout_session_required', true], ['post_logout_redirect_uris', true],
  ['backchannel_logout_uri', true], ['backchannel_logout_session_required', true], ['metadata', true],
  ['registration_access_token', true], ['registration_client_uri', true],
  ['authorization_code_grant_access_token_lifespan', true], ['authorization_code_grant_id_token_lifespan', true],
  ['authorization_code_grant_refresh_token_lifespan', true], ['client_credentials_grant_access_token_lifespan', true],
  ['implicit_grant_access_token_lifespan', true], ['implicit_grant_id_token_lifespan', true],
  ['jwt_bearer_grant_access_token_lifespan', true], ['refresh_token_grant_id_token_lifespan', true],
  ['refresh_token_grant_access_token_lifespan', true], ['refresh_token_grant_refresh_token_lifespan', true],
];

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Empty as v1 marshalled it: zero values, and no key set / no metadata. */
const isEmpty = (value: unknown) =>
  value === undefined || value === null || value === '' || value === false || value === 0 ||
  (Array.isArray(value) && value.length === 0) || (isObject(value) && Object.keys(value).length === 0);

export function clientV1(client: unknown): unknown {
  if (!isObject(client) || typeof client.client_id !== 'string') return client;
  const out: Json = {};
  for (const [name, omitEmpty] of CLIENT_MEMBERS) {
    const value = client[name];
    if (value === undefined || (omitEmpty && isEmpty(value))) continue;
    out[name] = value;
  }
  return out;
}

/** A client, or a list of them. */
export const clientsV1 = (body: unknown) => (Array.isArray(body) ? body.map(clientV1) : clientV1(body));

/** Unchanged but for its client (a handled request's {redirect_to} passes through). */
export function loginRequestV1(body: unknown): unknown {
  return isObject(body) && 'client' in body ? { ...body, client: clientV1(body.client) } : body;
}

export function consentRequestV1(body: unknown): unknown {
  if (!isObject(body) || !('client' in body)) return body;
  const { consent_request_id: _id, context, ...rest } = body;
  return { ...rest, client: clientV1(body.client), ...(context !== null && context !== undefined && { context }) };
}

const CONSENT_SESSION_MEMBERS = ['grant_scope', 'grant_access_token_audience', 'session', 'remember', 'remember_for', 'handled_at'];

export function consentSessionsV1(body: unknown): unknown {
  if (!Array.isArray(body)) return body;
  return body.map((session: Json) => ({
    ...Object.fromEntries(CONSENT_SESSION_MEMBERS.map((name) => [name, session[name]])),
    consent_request: consentRequestV1(session.consent_request),
  }));
}
