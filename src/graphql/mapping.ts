// camelCase GraphQL values ↔ the snake_case wire values the services take and
// return. Nothing here decides anything about clients, flows, sessions or
// tokens: it only renames.
import type { ClientLifespans, OAuth2Client, OAuth2ClientInput } from '../domain/client/model.js';
import type { JsonPatchOperation } from '../domain/client/service.js';
import { LIFESPAN_FIELDS } from '../domain/client/model.js';
import { camelToSnake, snakeToCamel } from './naming.js';
import type { ClientLifespansInput, JsonPatchOperationInput, OAuth2ClientInputType, OAuth2ClientType, PageInfo } from './types/client.js';
import type { AcceptConsentBody, AcceptLoginBody, RejectBody } from '../domain/flow/service.js';
import { consentSessionJson, type Json } from '../domain/flow/wire.js';
import type { ConsentSession } from '../domain/session/model.js';
import type { Introspection } from '../domain/token/service.js';
import type {
  AcceptConsentRequestInput,
  AcceptLoginRequestInput,
  ConsentRequestType,
  LoginRequestType,
  LogoutRequestType,
  OidcContextType,
  RejectRequestInput,
} from './types/flow.js';
import type { ConsentSessionType } from './types/session.js';
import type { TokenIntrospectionType } from './types/token.js';

/** Wire members never shown by the OAuth2Client type. */
const HIDDEN = new Set(['client_secret', 'registration_access_token', 'registration_client_uri']);
/** Wire members whose null is a value ("use the default"), not "absent". */
const NULL_MEANINGFUL = new Set<string>([...LIFESPAN_FIELDS, 'skip_logout_consent']);

/** Relay-style page info for a keyset page: forward only; the next page starts after its token. */
export function toPageInfo(edges: readonly { cursor: string }[], nextPageToken: string | undefined): PageInfo {
  return {
    hasNextPage: nextPageToken !== undefined,
    hasPreviousPage: false,
    startCursor: edges[0]?.cursor ?? null,
    endCursor: nextPageToken ?? edges.at(-1)?.cursor ?? null,
  };
}

export function toClientType(client: OAuth2Client): OAuth2ClientType {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(client)) {
    if (!HIDDEN.has(name)) out[snakeToCamel(name)] = value;
  }
  out.createdAt = new Date(client.created_at);
  out.updatedAt = new Date(client.updated_at);
  return out as unknown as OAuth2ClientType;
}

/** Omitted and null fields are left out, except where null itself means something. */
export function toClientInput(input: OAuth2ClientInputType): OAuth2ClientInput {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input)) {
    const wire = camelToSnake(name);
    if (value === undefined || (value === null && !NULL_MEANINGFUL.has(wire))) continue;
    out[wire] = value;
  }
  return out as OAuth2ClientInput;
}

export function toLifespans(input: ClientLifespansInput): Partial<ClientLifespans> {
  const out: Record<string, string | null> = {};
  for (const [name, value] of Object.entries(input)) {
    if (value !== undefined) out[camelToSnake(name)] = value as string | null;
  }
  return out as Partial<ClientLifespans>;
}

/** "/redirectUris/0" → "/redirect_uris/0"; only the first segment names a client field. */
function toWirePath(path: string): string {
  const match = /^\/([^/]*)(.*)$/s.exec(path);
  if (!match) return path;
  const [, first, rest] = match;
  return `/${camelToSnake(first!)}${rest}`;
}

export function toPatchOperations(operations: JsonPatchOperationInput[]): JsonPatchOperation[] {
  return operations.map((operation) => {
    const out: JsonPatchOperation = { op: operation.op, path: toWirePath(operation.path) };
    if (operation.value !== undefined) out.value = operation.value;
    if (operation.from !== undefined && operation.from !== null) out.from = toWirePath(operation.from);
    return out;
  });
}

// ─── login and consent requests, consent sessions, introspection ─────────────

/** snake_case members → camelCase, one level; undefined members are left out, null kept (REST's JSON null). */
function camelize(json: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(json)) if (value !== undefined) out[snakeToCamel(name)] = value;
  return out;
}

/** camelCase input fields → snake_case body members; omitted fields are left out, null is sent as null (as a REST body would). */
function snakeize(input: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input)) if (value !== undefined) out[camelToSnake(name)] = value;
  return out;
}

export function toOidcContext(json: unknown): OidcContextType {
  const context = (json ?? {}) as Record<string, unknown>;
  const or = <T>(value: unknown) => (value === undefined ? null : (value as T));
  return {
    acrValues: or(context.acr_values),
    uiLocales: or(context.ui_locales),
    display: or(context.display),
    idTokenHintClaims: or(context.id_token_hint_claims),
    loginHint: or(context.login_hint),
  };
}

/** A login request as the service renders it (client left out); `client` resolves from clientId. */
export function toLoginRequestType(request: Json, clientId: string): LoginRequestType {
  const { client: _client, oidc_context, ...rest } = request;
  return { ...camelize(rest), oidcContext: toOidcContext(oidc_context), clientId } as unknown as LoginRequestType;
}

export function toConsentRequestType(request: Json, clientId: string): ConsentRequestType {
  const { client: _client, oidc_context, ...rest } = request;
  return { ...camelize(rest), oidcContext: toOidcContext(oidc_context), clientId } as unknown as ConsentRequestType;
}

/** A consent session rendered exactly as REST lists it, client left out, then renamed. */
export function toConsentSessionType(session: ConsentSession): ConsentSessionType {
  const { consent_request, session: claims, handled_at, ...rest } = consentSessionJson(session, undefined);
  const { access_token, id_token } = claims as ConsentSession['session'];
  return {
    ...camelize(rest),
    session: { accessToken: access_token, idToken: id_token },
    handledAt: new Date(handled_at as string),
    consentRequest: toConsentRequestType(consent_request as Json, session.clientId),
    clientId: session.clientId,
  } as unknown as ConsentSessionType;
}

export function toAcceptLoginBody(input: AcceptLoginRequestInput): AcceptLoginBody {
  return snakeize(input) as AcceptLoginBody;
}

export function toAcceptConsentBody(input: AcceptConsentRequestInput): AcceptConsentBody {
  const { session, ...rest } = input;
  const body: Record<string, unknown> = snakeize(rest);
  if (session !== undefined) body.session = session === null ? null : snakeize(session);
  return body as AcceptConsentBody;
}

export function toRejectBody(input: RejectRequestInput | null | undefined): RejectBody {
  return input ? (snakeize(input) as RejectBody) : {};
}

export function toIntrospectionType(result: Introspection): TokenIntrospectionType {
  const empty: TokenIntrospectionType = {
    active: false, scope: null, clientId: null, sub: null, exp: null, iat: null, nbf: null, aud: null,
    iss: null, tokenType: null, tokenUse: null, username: null, obfuscatedSubject: null, ext: null,
  };
  return { ...empty, ...camelize(result) } as TokenIntrospectionType;
}

export function toLogoutRequestType(request: Json, clientId: string): LogoutRequestType {
  const { client: _client, requested_at, expires_at, ...rest } = request;
  return {
    ...camelize(rest),
    requestedAt: new Date(requested_at as string),
    expiresAt: new Date(expires_at as string),
    clientId,
  } as unknown as LogoutRequestType;
}
