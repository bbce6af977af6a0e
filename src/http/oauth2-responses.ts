// Response writing shared by the OAuth 2.0 endpoints: Hydra's JSON content
// type, and errors as {error, error_description} with no-store. (Their form
// bodies are read by body.ts parseForm.)
import type { Request, Response } from 'express';
import { OAuth2Error } from '../domain/errors.js';
import { invalidRequest, serverError } from '../domain/oauth2/errors.js';
import type { Logger } from '../log.js';

export interface OAuth2RouteOptions {
  /** oauth2.expose_internal_errors */
  exposeDebug: boolean;
  logger: Logger;
}

export function noStore(res: Response): Response {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Pragma', 'no-cache');
  return res;
}

/**
 * JSON with Hydra's exact `application/json;charset=UTF-8` (Express would
 * rewrite the charset), written straight to Node's response: res.send's
 * freshness and content-type negotiation do nothing for these answers.
 */
export function sendJson(res: Response, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json;charset=UTF-8');
  res.setHeader('Content-Length', Buffer.byteLength(payload));
  res.end(payload);
}

export function toOAuth2Error(err: unknown, { logger }: OAuth2RouteOptions, req: Request): OAuth2Error {
  if (err instanceof OAuth2Error) return err;
  logger.error('request failed', { method: req.method, path: req.path, error: String((err as Error)?.stack ?? err) });
  return serverError(undefined, String((err as Error)?.message ?? err));
}

export function sendOAuth2Error(res: Response, error: OAuth2Error, options: OAuth2RouteOptions): void {
  sendJson(noStore(res), error.status, error.toJSON(options.exposeDebug));
}
