// The OAuth 2.0 / OpenID Connect error catalogue as Hydra (fosite) answers
// with it: a stable `error` code, a fixed description, the status code, and a
// per-occurrence hint appended to the description (double quotes become single
// ones, as fosite renders them). Each factory takes (hint?, debug?).
import { OAuth2Error } from '../errors.js';

type ErrorFactory = (hint?: string, debug?: string) => OAuth2Error;

const fosite =
  (error: string, description: string, status: number): ErrorFactory =>
  (hint, debug) =>
    new OAuth2Error(error, description, status, hint?.replaceAll('"', "'"), debug);

export const invalidRequest = fosite('invalid_request', 'The request is missing a required parameter, includes an invalid parameter value, includes a parameter more than once, or is otherwise malformed.', 400);
export const unauthorizedClient = fosite('unauthorized_client', 'The client is not authorized to request a token using this method.', 400);
export const accessDenied = fosite('access_denied', 'The resource owner or authorization server denied the request.', 403);
export const unsupportedResponseType = fosite('unsupported_response_type', 'The authorization server does not support obtaining a token using this method.', 400);
export const unsupportedResponseMode = fosite('unsupported_response_mode', 'The authorization server does not support obtaining a response using this response mode.', 400);
export const invalidScope = fosite('invalid_scope', 'The requested scope is invalid, unknown, or malformed.', 400);
export const serverError = fosite('server_error', 'The authorization server encountered an unexpected condition that prevented it from fulfilling the request.', 500);
export const unsupportedGrantType = fosite('unsupported_grant_type', 'The authorization grant type is not supported by the authorization server.', 400);
export const invalidGrant = fosite('invalid_grant', 'The provided authorization grant (e.g., authorization code, resource owner credentials) or refresh token is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.', 400);
export const invalidClient = fosite('invalid_client', 'Client authentication failed (e.g., unknown client, no client authentication included, or unsupported authentication method).', 401);
export const invalidState = fosite('invalid_state', 'The state is missing or does not have enough characters and is therefore considered too weak.', 400);
export const insufficientEntropy = fosite('insufficient_entropy', 'The request used a security parameter (e.g., anti-replay, anti-csrf) with insufficient entropy.', 400);
export const notFound = fosite('not_found', 'Could not find the requested resource(s).', 404);
export const requestUnauthorized = fosite('request_unauthorized', 'The request could not be authorized.', 401);
export const requestForbidden = fosite('request_forbidden', 'The request is not allowed.', 403);
export const invalidToken = fosite('invalid_token', 'Invalid token format.', 400);
export const tokenExpired = fosite('invalid_token', 'Token expired.', 401);
export const inactiveToken = fosite('token_inactive', 'Token is inactive because it is malformed, expired or otherwise invalid.', 401);
export const loginRequired = fosite('login_required', 'The Authorization Server requires End-User authentication.', 400);
export const interactionRequired = fosite('interaction_required', 'The Authorization Server requires End-User interaction of some form to proceed.', 400);
export const consentRequired = fosite('consent_required', 'The Authorization Server requires End-User consent.', 400);
export const requestNotSupported = fosite('request_not_supported', 'The OP does not support use of the request parameter.', 400);
export const requestUriNotSupported = fosite('request_uri_not_supported', 'The OP does not support use of the request_uri parameter.', 400);
export const jtiKnown = fosite('jti_known', 'The jti was already used.', 400);
export const scopeNotGranted = fosite('scope_not_granted', 'The token was not granted the requested scope.', 403);
export const tokenSignatureMismatch = fosite('token_signature_mismatch', 'Token signature mismatch.', 400);

/** The default hint Hydra appends to a bare invalid_request (and the revocation endpoint always sends). */
export const INVALID_REQUEST_DEFAULT_HINT =
  'Make sure that the various parameters are correct, be aware of case sensitivity and trim your parameters. Make sure that the client you are using has exactly whitelisted the redirect_uri you specified.';
/** The default hint of request_unauthorized. */
export const REQUEST_UNAUTHORIZED_DEFAULT_HINT = 'Check that you provided valid credentials in the right format.';
export const registrationNotSupported = fosite('registration_not_supported', 'The OP does not support use of the registration parameter.', 400);
export const invalidRequestObject = fosite('invalid_request_object', 'The request parameter contains an invalid Request Object.', 400);
export const invalidRequestUri = fosite('invalid_request_uri', 'The request_uri in the Authorization Request returns an error or contains invalid data.', 400);
/** What fosite makes of an error it does not know (e.g. a Go parse error). */
export const unrecognizableError = fosite('error', 'The error is unrecognizable', 500);
/** Hydra's x.ErrNotFound: an unknown, garbled or foreign challenge. */
export const resourceNotFound = () => new OAuth2Error('Not Found', 'Unable to locate the requested resource', 404);
/** RFC 8628 §3.5: what a polling device is told. */
export const authorizationPending = fosite('authorization_pending', "The authorization request is still pending as the end user hasn't yet completed the user-interaction steps.", 400);
export const slowDown = fosite('slow_down', 'The authorization request was rate-limited to prevent system overload.', 400);
export const SLOW_DOWN_DEFAULT_HINT = "Ensure that you don't call the token endpoint sooner than the polling interval";
export const expiredToken = fosite('expired_token', 'The device_code has expired, and the device authorization session has concluded.', 400);
