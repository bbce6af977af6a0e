// The JSON Hydra's admin API answers with for login requests, consent
// requests and consent sessions (flow/consent_types.go), members in Hydra's
// order. The client is the current one, its secret never shown.
import type { OAuth2Client } from '../client/model.js';
import { formatTimestamp, toHydraJson } from '../client/wire.js';
import type { ConsentSession } from '../session/model.js';
import type { Flow, OidcContext } from './flow.js';

export type Json = Record<string, unknown>;

/** Go omits empty OIDC context members. */
function oidcContextJson(context: OidcContext): Json {
  const out: Json = {};
  if (context.acr_values?.length) out.acr_values = context.acr_values;
  if (context.ui_locales?.length) out.ui_locales = context.ui_locales;
  if (context.display) out.display = context.display;
  if (context.id_token_hint_claims && Object.keys(context.id_token_hint_claims).length) out.id_token_hint_claims = context.id_token_hint_claims;
  if (context.login_hint) out.login_hint = context.login_hint;
  return out;
}

/** The client in an admin answer: as it is now, its secret never shown; null when there is none. */
export const clientJson = (client: OAuth2Client | undefined) => (client ? toHydraJson({ ...client, client_secret: '' }) : null);

export function loginRequestJson(flow: Flow, challenge: string, client: OAuth2Client | undefined): Json {
  return {
    challenge,
    requested_scope: flow.requestedScope,
    requested_access_token_audience: flow.requestedAudience,
    skip: flow.loginSkip,
    subject: flow.subject,
    oidc_context: oidcContextJson(flow.oidcContext),
    client: clientJson(client),
    request_url: flow.requestUrl,
    session_id: flow.sessionId,
  };
}

interface ConsentRequestFields {
  consentRequestId: string;
  requestedScope: string[];
  requestedAudience: string[];
  skip: boolean;
  subject: string;
  oidcContext: OidcContext;
  requestUrl: string;
  flowId: string;
  loginSessionId: string | null;
  acr: string;
  amr: string[];
  context: unknown;
}

function consentRequestJson(fields: ConsentRequestFields, challenge: string, client: OAuth2Client | undefined): Json {
  return {
    challenge,
    consent_request_id: fields.consentRequestId,
    requested_scope: fields.requestedScope,
    requested_access_token_audience: fields.requestedAudience,
    skip: fields.skip,
    subject: fields.subject,
    oidc_context: oidcContextJson(fields.oidcContext),
    client: clientJson(client),
    request_url: fields.requestUrl,
    login_challenge: fields.flowId,
    login_session_id: fields.loginSessionId,
    acr: fields.acr,
    amr: fields.amr,
    context: fields.context ?? null,
  };
}

export function flowConsentRequestJson(flow: Flow, challenge: string, client: OAuth2Client | undefined): Json {
  return consentRequestJson(
    {
      consentRequestId: flow.consentRequestId ?? '',
      requestedScope: flow.requestedScope,
      requestedAudience: flow.requestedAudience,
      skip: flow.consentSkip,
      subject: flow.subject,
      oidcContext: flow.oidcContext,
      requestUrl: flow.requestUrl,
      flowId: flow.id,
      loginSessionId: flow.sessionId || null,
      acr: flow.acr,
      amr: flow.amr,
      context: flow.context,
    },
    challenge,
    client,
  );
}

export function consentSessionJson(session: ConsentSession, client: OAuth2Client | undefined): Json {
  return {
    consent_request_id: session.consentRequestId,
    grant_scope: session.grantedScope,
    grant_access_token_audience: session.grantedAudience,
    session: session.session,
    remember: session.remember,
    remember_for: session.rememberFor,
    handled_at: formatTimestamp(session.handledAt),
    context: session.request.context ?? null,
    consent_request: consentRequestJson(
      {
        consentRequestId: session.consentRequestId,
        requestedScope: session.requestedScope,
        requestedAudience: session.requestedAudience,
        skip: session.skip,
        subject: session.subject,
        oidcContext: session.request.oidcContext,
        requestUrl: session.request.requestUrl,
        flowId: session.id,
        loginSessionId: session.loginSessionId,
        acr: session.request.acr,
        amr: session.request.amr,
        context: session.request.context,
      },
      '',
      client,
    ),
  };
}
