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
