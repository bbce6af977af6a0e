// Errors in the shape Hydra (and RFC 6749) answers with: `error` and
// `error_description`, the hint appended to the description as Hydra does, and
// `error_debug` only where the operator exposes internal errors. Every domain
// service throws these; the HTTP and GraphQL edges only render them.

export interface OAuth2ErrorBody {
  error: string;
  error_description: string;
  error_debug?: string;
}

export class OAuth2Error extends Error {
  constructor(
    /** Stable machine-readable code, e.g. `invalid_request`. */
    readonly error: string,
    readonly description: string,
    readonly status: number = 400,
    readonly hint?: string,
    readonly debug?: string,
  ) {
    super(hint ? `${description} ${hint}` : description);
    this.name = 'OAuth2Error';
  }

  toJSON(exposeDebug = false): OAuth2ErrorBody {
    const body: OAuth2ErrorBody = { error: this.error, error_description: this.message };
    if (exposeDebug && this.debug) body.error_debug = this.debug;
    return body;
  }
}

export const invalidRequest = (hint?: string, debug?: string) =>
  new OAuth2Error(
    'invalid_request',
    'The request is missing a required parameter, includes an invalid parameter value, includes a parameter more than once, or is otherwise malformed.',
    400,
    hint,
    debug,
  );

export const invalidClientMetadata = (hint?: string, debug?: string) =>
  new OAuth2Error('invalid_client_metadata', 'The value of one of the Client Metadata fields is invalid and the server has rejected this request. Note that an Authorization Server MAY choose to substitute a valid value for any requested parameter of a Client\'s Metadata.', 400, hint, debug);

export const invalidRedirectUri = (hint: string) =>
  new OAuth2Error('invalid_redirect_uri', 'The value of one or more redirect_uris is invalid.', 400, hint);

// Hydra answers a missing resource with an empty description.
export const notFound = () => new OAuth2Error('Unable to locate the resource', '', 404);

export const conflict = (hint: string) =>
  new OAuth2Error('Unable to insert or update resource because a resource with that value exists already', hint, 409);

export const badRequest = (hint: string) => new OAuth2Error('Bad Request', hint, 400);

export const serverError = (debug?: string) =>
  new OAuth2Error('server_error', 'The authorization server encountered an unexpected condition that prevented it from fulfilling the request.', 500, undefined, debug);
