// Hydra v1's admin API lived at the admin listener's root, without /admin.
// Current Hydra still answers there: it prefixes /admin to every other path,
// so /clients is /admin/clients with v2's JSON. v2's JSON carries every member
// v1's did, so v1-era login & consent apps read it unchanged, and doing as
// current Hydra does keeps both generations on one behaviour. What v2 dropped
// and no v2 path serves stays: listing clients by limit/offset, and
// POST /oauth2/flush.
import { Router, type Request, type RequestHandler } from 'express';
import type { Services } from '../../../app.js';
import { invalidRequest } from '../../../domain/errors.js';
import { toHydraJson } from '../../../domain/client/wire.js';
import { jsonBody } from '../../body.js';
import { pageLink } from '../../link-header.js';
import { queryString } from '../../query.js';

const ADMIN_PREFIX = '/admin';

/** v1 parsed limit and offset leniently: anything unusable is the default. */
const integer = (value: unknown): number | undefined => {
  const text = queryString(value);
  return text !== undefined && /^-?\d+$/.test(text) ? Number(text) : undefined;
};

/** v1's paging parameters, and none of v2's (which win when both are sent). */
const pagesByOffset = (req: Request) =>
  (req.query.limit !== undefined || req.query.offset !== undefined) && req.query.page_token === undefined && req.query.page_size === undefined;

/** ory/x's offset Link header: first, prev, next and last pages. */
function offsetLinks(req: Request, { total, limit, offset }: { total: number; limit: number; offset: number }): string {
  const link = (rel: string, at: number) => pageLink(req, rel, { limit: String(limit), offset: String(at) });
  const last = total > 0 ? Math.floor((total - 1) / limit) * limit : 0;
  const parts = [link('first', 0)];
  if (offset > 0) parts.push(link('prev', Math.max(0, offset - limit)));
  if (offset + limit < total) parts.push(link('next', offset + limit));
  parts.push(link('last', last));
  return parts.join(',');
}

/** FlushInactiveOAuth2TokensRequest: {"notAfter": RFC 3339 time}, absent or zero meaning now. */
function notAfterOf(body: unknown): Date | undefined {
  const value = (body as { notAfter?: unknown } | undefined)?.notAfter;
  if (value === undefined || value === null || value === '' || value === '0001-01-01T00:00:00Z') return undefined;
  const date = typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value) ? new Date(value) : new Date(NaN);
  if (Number.isNaN(date.getTime())) throw invalidRequest('notAfter must be an RFC 3339 date and time.');
  return date;
}

// A current path, which passes the v1 layer untouched.
const isCurrentPath = (path: string) => path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`);

/**
 * Mounted first on the admin listener. Current paths pass straight through
 * (the busy ones: introspection, the login & consent app); any other path
 * gets v1's own operations, else is served as /admin + path, as current
 * Hydra does.
 */
export function v1AdminRoutes(services: Services): RequestHandler {
  const v1Only = Router();
  v1Only.post('/oauth2/flush', jsonBody, async (req, res) => {
    await services.tokens.flushInactiveTokens(notAfterOf(req.body));
    res.status(204).end();
  });

  v1Only.get('/clients', async (req, res, next) => {
    if (!pagesByOffset(req)) return next();
    const name = queryString(req.query.client_name);
    const owner = queryString(req.query.owner);
    const page = await services.clients.listByOffset(
      { ...(name && { client_name: name }), ...(owner && { owner }) },
      { limit: integer(req.query.limit), offset: integer(req.query.offset) },
    );
    res.set('X-Total-Count', String(page.total)).set('Link', offsetLinks(req, page));
    res.status(200).json(page.items.map(toHydraJson));
  });

  return (req, res, next) => {
    if (isCurrentPath(req.path)) return next();
    v1Only(req, res, (err?: unknown) => {
      if (err) return next(err);
      req.url = `${ADMIN_PREFIX}${req.url}`;
      next();
    });
  };
}
