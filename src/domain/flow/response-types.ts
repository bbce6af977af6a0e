// Which response type asks for what, and the rules each one carries, as
// fosite's authorize handlers decide them (handler/oauth2/flow_authorize_code_auth.go,
// flow_authorize_implicit.go, handler/openid/flow_implicit.go, flow_hybrid.go,
// authorize_response_writer.go). Pure: the flow checks a request against them
// before the user logs in (with the requested scope) and again at the end (with
// the granted scope, which is what fosite looks at), then issues the parts.
import type { OAuth2Client } from '../client/model.js';
import { insufficientEntropy, invalidGrant, invalidRequest, unsupportedResponseMode, unsupportedResponseType } from '../oauth2/errors.js';
import { clientHasGrant } from '../token/grants/grant.js';
import type { AuthorizeResponseParts } from '../token/authorize-response.js';
import { isCodeOnly, MIN_PARAMETER_ENTROPY, sameSet, type ResponseMode } from './authorize-request.js';

/** What the rules look at. */
export interface ResponseTypeRequest {
  client: OAuth2Client;
  responseTypes: string[];
  responseMode: ResponseMode;
  /** `redirect_uri` as sent; '' when omitted. */
  redirectUriParam: string;
  form: URLSearchParams;
}

/** A response the authorization endpoint answers with, and what it holds. */
export interface ResponsePlan extends AuthorizeResponseParts {
  /** fosite adds `scope` for a code-only or access-token response. */
  scope: boolean;
}

/** fosite prints the response types as a Go slice. */
const goList = (values: readonly string[]) => `[${values.join(' ')}]`;

/** fosite's two handlers word this differently. */
function requireGrant(client: OAuth2Client, grant: 'implicit' | 'authorization_code'): void {
  if (clientHasGrant(client, grant)) return;
  throw invalidGrant(`The OAuth 2.0 Client is not allowed to use ${grant === 'implicit' ? 'the ' : ''}authorization grant '${grant}'.`);
}

function requireRedirectUriParam(request: ResponseTypeRequest): void {
  if (!request.redirectUriParam) throw invalidRequest("The 'redirect_uri' parameter is required when using OpenID Connect 1.0.");
}

function checkNonce(nonce: string, requiredBy: string | undefined): void {
  if (!nonce && requiredBy) throw invalidRequest(`Parameter 'nonce' must be set when ${requiredBy}.`);
  if (nonce && nonce.length < MIN_PARAMETER_ENTROPY) {
    throw insufficientEntropy(`Parameter 'nonce' is set but does not satisfy the minimum entropy of ${MIN_PARAMETER_ENTROPY} characters.`);
  }
}

/**
 * The plan for this response type with these scopes, or the error fosite
 * answers with (in its handlers' order). Tokens in a query string leak into
 * logs and Referer headers, so a response carrying them refuses response_mode=query.
 */
export function planResponse(request: ResponseTypeRequest, scope: readonly string[]): ResponsePlan {
  const plan = planByResponseType(request, scope);
  if (!isCodeOnly(request.responseTypes) && request.responseMode === 'query') {
    throw unsupportedResponseMode(`Insecure response_mode 'query' for the response_type '${goList(request.responseTypes)}'.`);
  }
  return plan;
}

function planByResponseType(request: ResponseTypeRequest, scope: readonly string[]): ResponsePlan {
  const types = request.responseTypes;
  const has = (type: string) => types.includes(type);
  const nonce = request.form.get('nonce') ?? '';
  const openid = scope.includes('openid');

  if (isCodeOnly(types)) return { code: true, accessToken: false, idToken: false, scope: true };
  if (sameSet(types, ['token'])) {
    requireGrant(request.client, 'implicit');
    return { code: false, accessToken: true, idToken: false, scope: true };
  }
  if (has('code') && [['code', 'id_token'], ['code', 'token'], ['code', 'id_token', 'token']].some((hybrid) => sameSet(types, hybrid))) {
    checkNonce(nonce, has('id_token') ? 'requesting an ID Token using the OpenID Connect Hybrid Flow' : undefined);
    requireRedirectUriParam(request);
    requireGrant(request.client, 'authorization_code');
    if (has('token')) requireGrant(request.client, 'implicit');
    // Without openid granted, fosite drops the ID token silently.
    return { code: true, accessToken: has('token'), idToken: openid && has('id_token'), scope: has('token') };
  }
  if (openid && (sameSet(types, ['id_token']) || sameSet(types, ['id_token', 'token']))) {
    requireGrant(request.client, 'implicit');
    requireRedirectUriParam(request);
    checkNonce(nonce, 'using the OpenID Connect Implicit Flow');
    return { code: false, accessToken: has('token'), idToken: true, scope: has('token') };
  }
  throw unsupportedResponseType(`The authorization server does not support response_type '${types.join(' ')}'.`);
}
