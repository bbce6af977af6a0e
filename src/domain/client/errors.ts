// Error bodies Hydra's client API answers with, beyond the shared ones in
// ../errors.ts. Hydra renders its generic ("herodot") errors with the error's
// title as `error` and the reason as `error_description`.
import { OAuth2Error } from '../errors.js';

/** herodot.ErrBadRequest().WithReason(reason). */
export const malformed = (reason: string) => new OAuth2Error('The request was malformed or contained invalid parameters', reason, 400);

/** fosite's ErrInvalidClient, as the token endpoint reports a failed client authentication. */
export const invalidClient = () =>
  new OAuth2Error(
    'invalid_client',
    'Client authentication failed (e.g., unknown client, no client authentication included, or unsupported authentication method).',
    401,
  );

// herodot's generic errors as Hydra renders them (title as `error`, reason as `error_description`).
/** herodot.ErrNotFound().WithReason(reason). */
export const resourceNotFound = (reason: string) => new OAuth2Error('The requested resource could not be found', reason, 404);
/** herodot.ErrUnauthorized().WithReason(reason). */
export const unauthorized = (reason: string, debug?: string) => new OAuth2Error('The request could not be authorized', reason, 401, undefined, debug);
/** herodot.ErrForbidden().WithReason(reason). */
export const forbidden = (reason: string) => new OAuth2Error('The requested action was forbidden', reason, 403);
