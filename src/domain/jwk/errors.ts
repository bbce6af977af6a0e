// The errors Hydra answers the key endpoints with, byte for byte.
import { OAuth2Error } from '../errors.js';

/** A set without keys (Hydra's x.ErrNotFound); a missing single key uses errors.ts notFound(). */
export const keySetNotFound = () => new OAuth2Error('Not Found', 'Unable to locate the requested resource', 404);

/** Hydra's jwk.ErrUnsupportedKeyAlgorithm, for POST with an algorithm it cannot generate. */
export const unsupportedKeyAlgorithm = () => new OAuth2Error('Bad Request', 'Unsupported key algorithm', 400);

/** Hydra's herodot ErrBadRequest for a body it cannot decode (invalid JSON Web Keys included). */
export const malformedBody = (reason: string) =>
  new OAuth2Error('The request was malformed or contained invalid parameters', `Unable to decode the request body: ${reason}`, 400);

/** Hydra's sqlcon ErrUniqueViolation: a key with that kid is already in the set. */
export const keyExists = () =>
  new OAuth2Error('Unable to insert or update resource because a resource with that value exists already', '', 409);
