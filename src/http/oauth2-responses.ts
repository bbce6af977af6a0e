// Request parsing and response writing shared by the OAuth 2.0 endpoints:
// urlencoded bodies whose parse errors are OAuth 2.0 errors, Hydra's JSON
// content type, and errors as {error, error_description} with no-store.
import type { Request, Response } from 'express';
import type { FormInput } from '../domain/token/form.js';
import { OAuth2Error } from '../domain/errors.js';
import { invalidRequest, serverError } from '../domain/oauth2/errors.js';
import type { Logger } from '../log.js';

export interface OAuth2RouteOptions {
  /** oauth2.expose_internal_errors */
  exposeDebug: boolean;
  logger: Logger;
}

/** Hydra (Go's ParseForm) reads at most 10 MB; a token request needs a few hundred bytes. */
const FORM_LIMIT_BYTES = 1 << 20;

const unparsable = (reason: string) =>
  invalidRequest('Unable to parse HTTP body, make sure to send a properly formatted form request body.', reason);

/**
 * Parses an application/x-www-form-urlencoded body into req.body (a no-op
 * when already parsed). Any other content type leaves req.body undefined, as
 * the endpoints then report the missing parameters. A direct read and
 * URLSearchParams: on the token endpoint body-parser's stream plumbing,
 * charset and qs layers cost as much as issuing the token.
 */
export async function parseForm(req: Request, _res?: Response): Promise<void> {
  if (req.body !== undefined) return;
  const type = req.headers['content-type'];
  if (!type || !isForm(type)) return;
  const encoding = req.headers['content-encoding'];
  if (encoding && encoding.toLowerCase() !== 'identity') throw unparsable(`unsupported content encoding "${encoding}"`);
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > FORM_LIMIT_BYTES) throw unparsable('request entity too large');
  req.body = formInput(new URLSearchParams(await readBody(req)));
}

function isForm(contentType: string): boolean {
  const [mediaType, ...parameters] = contentType.split(';');
  if (mediaType!.trim().toLowerCase() !== 'application/x-www-form-urlencoded') return false;
  for (const parameter of parameters) {
    const [name, value = ''] = parameter.split('=');
    if (name!.trim().toLowerCase() === 'charset' && !/^"?utf-?8"?$/i.test(value.trim())) throw unparsable(`unsupported charset "${value.trim()}"`);
  }
  return true;
}

function readBody(req: Request): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    req.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (length > FORM_LIMIT_BYTES) {
        req.pause();
        reject(unparsable('request entity too large'));
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8')));
    req.once('error', (err) => reject(unparsable(String(err))));
    req.once('aborted', () => reject(unparsable('request aborted')));
  });
}

/** Every value of a repeated parameter is kept (fosite rejects some repeats). */
function formInput(params: URLSearchParams): FormInput {
  // No prototype: a parameter named __proto__ is just a parameter.
  const input: FormInput = Object.create(null);
  for (const [name, value] of params) {
    const seen = input[name];
    if (seen === undefined) input[name] = value;
    else if (Array.isArray(seen)) seen.push(value);
    else input[name] = [seen, value];
  }
  return input;
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
