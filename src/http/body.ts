// Request bodies: the read itself and the two formats the APIs take. Both
// parsers leave req.body undefined for another content type, and refuse
// other charsets, compressed bodies and bodies over 1 MiB with
// invalid_request. A direct read replaces body-parser, whose stream, charset,
// qs and type-is layers cost as much as issuing a token.
import type { Request, RequestHandler } from 'express';
import { OAuth2Error, invalidRequest } from '../domain/errors.js';
import { invalidRequest as fositeInvalidRequest } from '../domain/oauth2/errors.js';
import type { FormInput } from '../domain/token/form.js';

/** A token request needs a few hundred bytes, a client document a few KiB. */
export const BODY_LIMIT_BYTES = 1 << 20;

/** Why a body could not be read; each parser turns it into its own error. */
export class BodyError extends Error {
  constructor(
    message: string,
    readonly tooLarge = false,
  ) {
    super(message);
  }
}

/** The media type when it is one of `accepted` (lower-case), after checking the charset is UTF-8. */
function mediaTypeOf(req: Request, accepted: (type: string) => boolean): string | undefined {
  const header = req.headers['content-type'];
  if (!header) return undefined;
  const [mediaType, ...parameters] = header.split(';');
  const type = mediaType!.trim().toLowerCase();
  if (!accepted(type)) return undefined;
  for (const parameter of parameters) {
    const [name, value = ''] = parameter.split('=');
    if (name!.trim().toLowerCase() === 'charset' && !/^"?utf-?8"?$/i.test(value.trim())) throw new BodyError(`unsupported charset "${value.trim()}"`);
  }
  return type;
}

/** The whole body as UTF-8 text. */
export function readBody(req: Request): Promise<string> {
  const encoding = req.headers['content-encoding'];
  if (encoding && encoding.toLowerCase() !== 'identity') return Promise.reject(new BodyError(`unsupported content encoding "${encoding}"`));
  if (Number(req.headers['content-length'] ?? 0) > BODY_LIMIT_BYTES) return Promise.reject(new BodyError('request entity too large', true));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    req.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (length > BODY_LIMIT_BYTES) {
        req.pause();
        reject(new BodyError('request entity too large', true));
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8')));
    req.once('error', (err) => reject(new BodyError(String(err))));
    req.once('aborted', () => reject(new BodyError('request aborted')));
  });
}

const isForm = (type: string) => type === 'application/x-www-form-urlencoded';

/**
 * Parses an application/x-www-form-urlencoded body into req.body (a no-op
 * when already parsed). Any failure is fosite's "Unable to parse HTTP body".
 */
export async function parseForm(req: Request): Promise<void> {
  if (req.body !== undefined) return;
  try {
    if (!mediaTypeOf(req, isForm)) return;
    req.body = formInput(new URLSearchParams(await readBody(req)));
  } catch (err) {
    throw fositeInvalidRequest('Unable to parse HTTP body, make sure to send a properly formatted form request body.', String((err as Error).message ?? err));
  }
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

const isJson = (type: string) => type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));

/**
 * Middleware: a JSON object or array body into req.body; an empty body is
 * `{}`. Top-level scalars are refused, as body-parser's strict mode did.
 */
export const jsonBody: RequestHandler = (req, _res, next) => {
  if (req.body !== undefined) return next();
  let type: string | undefined;
  try {
    type = mediaTypeOf(req, isJson);
  } catch (err) {
    return next(invalidRequest('The request body encoding is not supported.', (err as Error).message));
  }
  if (!type) return next();
  readBody(req).then(
    (text) => {
      if (text.trim() === '') req.body = {};
      else {
        const first = text.trimStart()[0];
        if (first !== '{' && first !== '[') return next(invalidRequest('The request body is not valid JSON.', 'a JSON object or array is expected'));
        try {
          req.body = JSON.parse(text);
        } catch (err) {
          return next(invalidRequest('The request body is not valid JSON.', (err as Error).message));
        }
      }
      next();
    },
    (err: BodyError) =>
      next(err.tooLarge ? new OAuth2Error('invalid_request', 'The request body is too large.', 413) : invalidRequest('The request body encoding is not supported.', err.message)),
  );
};
