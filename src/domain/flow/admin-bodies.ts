// The JSON bodies of the admin login/consent accept and reject calls,
// decoded as Hydra's Go decoder reads them: absent or null members take the
// zero value, a member of the wrong type fails the request (400).
import { invalidRequest } from '../oauth2/errors.js';
import type { RequestDenied } from './flow.js';

export interface AcceptLoginBody {
  subject?: unknown;
  remember?: unknown;
  remember_for?: unknown;
  extend_session_lifespan?: unknown;
  acr?: unknown;
  amr?: unknown;
  context?: unknown;
  identity_provider_session_id?: unknown;
  force_subject_identifier?: unknown;
}

export interface AcceptConsentBody {
  grant_scope?: unknown;
  grant_access_token_audience?: unknown;
  remember?: unknown;
  remember_for?: unknown;
  session?: unknown;
  context?: unknown;
}

export interface RejectBody {
  error?: unknown;
  error_description?: unknown;
  error_hint?: unknown;
  error_debug?: unknown;
  status_code?: unknown;
}

const bodyError = (why: string) => invalidRequest(`Unable to decode body because: ${why}`);

function expect<T>(value: unknown, field: string, type: string, check: (v: unknown) => boolean, fallback: T): T {
  if (value === undefined || value === null) return fallback;
  if (!check(value)) throw bodyError(`json: cannot unmarshal ${typeof value} into Go struct field .${field} of type ${type}`);
  return value as T;
}
const str = (v: unknown, f: string) => expect<string>(v, f, 'string', (x) => typeof x === 'string', '');
const bool = (v: unknown, f: string) => expect<boolean>(v, f, 'bool', (x) => typeof x === 'boolean', false);
const int = (v: unknown, f: string) => expect<number>(v, f, 'int', (x) => Number.isInteger(x), 0);
const strings = (v: unknown, f: string) => expect<string[]>(v, f, '[]string', (x) => Array.isArray(x) && x.every((s) => typeof s === 'string'), []);
const object = (v: unknown, f: string) =>
  expect<Record<string, unknown>>(v, f, 'map[string]interface {}', (x) => typeof x === 'object' && !Array.isArray(x), {});

function asObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw bodyError('the body is not a JSON object');
  return body as Record<string, unknown>;
}

export function decodeAcceptLogin(raw: AcceptLoginBody) {
  const body = asObject(raw);
  const accepted = {
    subject: str(body.subject, 'subject'),
    remember: bool(body.remember, 'remember'),
    rememberFor: int(body.remember_for, 'remember_for'),
    extendSessionLifespan: bool(body.extend_session_lifespan, 'extend_session_lifespan'),
    acr: str(body.acr, 'acr'),
    amr: strings(body.amr, 'amr'),
    context: body.context ?? null,
    identityProviderSessionId: str(body.identity_provider_session_id, 'identity_provider_session_id'),
    forceSubjectIdentifier: str(body.force_subject_identifier, 'force_subject_identifier'),
  };
  if (!accepted.subject) throw invalidRequest("Field 'subject' must not be empty.");
  return accepted;
}

export function decodeAcceptConsent(raw: AcceptConsentBody) {
  const body = asObject(raw);
  const session = object(body.session, 'session');
  const accepted: {
    grantScope: string[];
    grantAudience: string[];
    remember: boolean;
    rememberFor: number;
    idToken: Record<string, unknown>;
    accessToken: Record<string, unknown>;
    context?: unknown;
  } = {
    grantScope: strings(body.grant_scope, 'grant_scope'),
    grantAudience: strings(body.grant_access_token_audience, 'grant_access_token_audience'),
    remember: bool(body.remember, 'remember'),
    rememberFor: int(body.remember_for, 'remember_for'),
    idToken: object(session.id_token, 'session.id_token'),
    accessToken: object(session.access_token, 'session.access_token'),
  };
  // Only a context sent (even null) replaces the login's.
  if ('context' in body) accepted.context = body.context;
  return accepted;
}

export function decodeReject(raw: RejectBody, defaultError: string): RequestDenied {
  const body = asObject(raw);
  return {
    error: str(body.error, 'error') || defaultError,
    error_description: str(body.error_description, 'error_description'),
    error_hint: str(body.error_hint, 'error_hint'),
    error_debug: str(body.error_debug, 'error_debug'),
    status_code: int(body.status_code, 'status_code') || 400,
  };
}

export interface AcceptDeviceUserCodeBody {
  user_code?: unknown;
}

/** The user code the user typed into the device verification app. */
export function decodeAcceptDeviceUserCode(raw: AcceptDeviceUserCodeBody): string {
  const userCode = str(asObject(raw).user_code, 'user_code');
  if (!userCode) throw invalidRequest("Field 'user_code' must not be empty.");
  return userCode;
}
