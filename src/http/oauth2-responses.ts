// Request parsing and response writing shared by the OAuth 2.0 endpoints:
// urlencoded bodies whose parse errors are OAuth 2.0 errors, Hydra's JSON
// content type, and errors as {error, error_description} with no-store.
import express, { type Request, type Response } from 'express';
import { OAuth2Error } from '../domain/errors.js';
import { invalidRequest, serverError } from '../domain/oauth2/errors.js';
import type { Logger } from '../log.js';

export interface OAuth2RouteOptions {
  /** oauth2.expose_internal_errors */
  exposeDebug: boolean;
  logger: Logger;
}

const urlencoded = express.urlencoded({ extended: false, limit: '1mb' });

/** Parses an application/x-www-form-urlencoded body into req.body (a no-op when already parsed). */
export function parseForm(req: Request, res: Response): Promise<void> {
  return new Promise((resolve, reject) =>
    urlencoded(req, res, (err?: unknown) =>
      err ? reject(invalidRequest('Unable to parse HTTP body, make sure to send a properly formatted form request body.', String(err))) : resolve(),
    ),
  );
}

export function noStore(res: Response): Response {
  return res.set({ 'Cache-Control': 'no-store', Pragma: 'no-cache' });
}

/** JSON with Hydra's exact `application/json;charset=UTF-8` (Express would rewrite the charset). */
export function sendJson(res: Response, status: number, body: unknown): void {
  res.status(status).set('Content-Type', 'application/json;charset=UTF-8').send(Buffer.from(JSON.stringify(body)));
}

export function toOAuth2Error(err: unknown, { logger }: OAuth2RouteOptions, req: Request): OAuth2Error {
  if (err instanceof OAuth2Error) return err;
  logger.error('request failed', { method: req.method, path: req.path, error: String((err as Error)?.stack ?? err) });
  return serverError(undefined, String((err as Error)?.message ?? err));
}

export function sendOAuth2Error(res: Response, error: OAuth2Error, options: OAuth2RouteOptions): void {
  sendJson(noStore(res), error.status, error.toJSON(options.exposeDebug));
}
