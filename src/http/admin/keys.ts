// Hydra's admin key API (/admin/keys/...), mounted under /admin with
// express.json applied. Thin: parse → KeyService → render, with Hydra's
// status codes (201 on create, 204 on delete, 200 otherwise).
import { Router, type Request, type Response } from 'express';
import type { JWK } from 'jose';
import { OAuth2Error } from '../../domain/errors.js';
import { malformedBody } from '../../domain/jwk/errors.js';
import type { KeyService } from '../../domain/jwk/service.js';

/** Hydra sends this on every GET (httprouterx.NoCacheNegroni). */
export const NO_CACHE = 'private, no-cache, no-store, must-revalidate';

export interface KeyRoutesOptions {
  /**
   * Hydra's Location header on create is <issuer>/keys/<set>; without an
   * issuer the admin path /admin/keys/<set> is sent.
   */
  issuer?: string;
}

type Body = Record<string, unknown>;

/** The decoded JSON object body; {} when there is none. */
function objectBody(req: Request): Body {
  const body: unknown = req.body;
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw malformedBody('the body must be a JSON object');
  return body as Body;
}

function optionalString(body: Body, field: string): string {
  const value = body[field];
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw malformedBody(`"${field}" must be a string`);
  return value;
}

/** Hydra answers DELETE with 204 whether or not there was anything to delete. */
async function deleted(res: Response, action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (err) {
    if (!(err instanceof OAuth2Error && err.status === 404)) throw err;
  }
  res.status(204).end();
}

export function keyRoutes(keys: KeyService, options: KeyRoutesOptions = {}): Router {
  const router = Router();
  const param = (req: Request, name: string) => String(req.params[name]);

  router.get('/keys/:set', async (req, res) => {
    res.set('Cache-Control', NO_CACHE).json(await keys.getSet(param(req, 'set')));
  });

  router.get('/keys/:set/:kid', async (req, res) => {
    res.set('Cache-Control', NO_CACHE).json(await keys.getKey(param(req, 'set'), param(req, 'kid')));
  });

  router.post('/keys/:set', async (req, res) => {
    const set = param(req, 'set');
    const body = objectBody(req);
    const kid = optionalString(body, 'kid');
    const created = await keys.generate(set, {
      alg: optionalString(body, 'alg'),
      use: optionalString(body, 'use') as 'sig' | 'enc',
      ...(kid && { kid }),
    });
    const location = options.issuer
      ? `${options.issuer.replace(/\/+$/, '')}/keys/${encodeURIComponent(set)}`
      : `/admin/keys/${encodeURIComponent(set)}`;
    res.status(201).location(location).json(created);
  });

  router.put('/keys/:set', async (req, res) => {
    const body = objectBody(req);
    if (!Array.isArray(body.keys)) throw malformedBody('"keys" must be an array of JSON Web Keys');
    res.json(await keys.replaceSet(param(req, 'set'), { keys: body.keys as JWK[] }));
  });

  router.put('/keys/:set/:kid', async (req, res) => {
    res.json(await keys.replaceKey(param(req, 'set'), param(req, 'kid'), objectBody(req) as JWK));
  });

  router.delete('/keys/:set', (req, res) => deleted(res, () => keys.deleteSet(param(req, 'set'))));
  router.delete('/keys/:set/:kid', (req, res) => deleted(res, () => keys.deleteKey(param(req, 'set'), param(req, 'kid'))));

  return router;
}
