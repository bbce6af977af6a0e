// The errors of Hydra's trust API (oauth2/trust): its own
// missing_required_parameter, and the bare "error" it answers when the body
// does not decode.
import { OAuth2Error } from '../errors.js';

export const missingRequiredParameter = (hint: string) =>
  new OAuth2Error('missing_required_parameter', 'One of the required parameters is missing. Check your request parameters.', 400, hint);

export const undecodableBody = (reason: string) => new OAuth2Error('error', reason, 400);
