// The last steps of every Express pipeline: unknown routes and thrown errors
// become Hydra-style JSON (`error`, `error_description`), never HTML or a bare
// 500.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { OAuth2Error, invalidRequest, notFound, serverError } from '../../domain/errors.js';
import type { Logger } from '../../log.js';

export const routeNotFound: RequestHandler = (_req, res) => {
  const err = notFound();
  res.status(err.status).json(err.toJSON());
};

/** Errors raised by body parsers carry `type` and `status`. */
function fromBodyParser(err: unknown): OAuth2Error | undefined {
  const e = err as { type?: string; status?: number; message?: string };
  if (typeof e?.type !== 'string' || typeof e.status !== 'number') return undefined;
  if (e.type === 'entity.parse.failed') return invalidRequest('The request body is not valid JSON.', e.message);
  if (e.type === 'entity.too.large') return new OAuth2Error('invalid_request', 'The request body is too large.', 413);
  if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') return invalidRequest('The request body encoding is not supported.');
  return invalidRequest(e.message);
}

/** The router could not percent-decode a path parameter (`/clients/%ff`): the client's mistake. */
function fromPathDecoding(err: unknown): OAuth2Error | undefined {
  return err instanceof URIError && (err as { status?: number }).status === 400 ? invalidRequest('The request path is not validly percent-encoded.') : undefined;
}

export function errorHandler(logger: Logger, exposeDebug: boolean): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let oauthError = err instanceof OAuth2Error ? err : (fromBodyParser(err) ?? fromPathDecoding(err));
    if (!oauthError) {
      logger.error('request failed', { method: req.method, path: req.path, error: String(err?.stack ?? err) });
      oauthError = serverError(String(err?.message ?? err));
    }
    if (res.headersSent) return;
    res.status(oauthError.status).set('Cache-Control', 'no-store').json(oauthError.toJSON(exposeDebug));
  };
}
