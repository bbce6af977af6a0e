// Hydra v1's admin API (v1.x served it at the admin listener's root, without
// /admin): the v2 handlers and services mounted again under the old paths,
// with v1's JSON where it differs (shapes.ts), v1's offset pagination of
// clients and v1's token flush. Mounted after every current route, so where
// paths could meet, current Hydra wins. The v2 routers come whole, so their
// few v2-only subpaths (/clients/{id}/secrets/rotate) answer here too. Not
// served: logout requests and /trust (built on other branches).
import { Router, type Request } from 'express';
import type { Services } from '../../../app.js';
import { invalidRequest } from '../../../domain/errors.js';
import { toHydraJson } from '../../../domain/client/wire.js';
import { jsonBody } from '../../body.js';
import type { OAuth2RouteOptions } from '../../oauth2-responses.js';
import { clientRoutes, firstString } from '../clients.js';
import { flowRoutes } from '../flows.js';
import { keyRoutes } from '../keys.js';
import { sessionRoutes } from '../sessions.js';
import { adminTokenRoutes } from '../tokens.js';
import { reshapeJson } from './reshape.js';
import { clientV1, clientsV1, consentRequestV1, consentSessionsV1, loginRequestV1 } from './shapes.js';

/** v1 parsed limit and offset leniently: anything unusable is the default. */
const integer = (value: unknown): number | undefined => {
  const text = firstString(value);
  return text !== undefined && /^-?\d+$/.test(text) ? Number(text) : undefined;
};

/** ory/x's offset Link header: first, prev, next and last pages. */
function offsetLinks(req: Request, { total, limit, offset }: { total: number; limit: number; offset: number }): string {
  const link = (rel: string, at: number) => {
    const params = new URLSearchParams(new URL(req.originalUrl, 'http://localhost').search);
    params.set('limit', String(limit));
    params.set('offset', String(at));
    return `<${req.baseUrl}${req.path}?${params.toString()}>; rel="${rel}"`;
  };
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

export function v1AdminRoutes(services: Services, options: OAuth2RouteOptions): Router {
  const router = Router();
  // Introspection and token deletion answer alike in both versions.
  router.use(adminTokenRoutes(services.tokens, options));

  router.post('/oauth2/flush', jsonBody, async (req, res) => {
    await services.tokens.flushInactiveTokens(notAfterOf(req.body));
    res.status(204).end();
  });

  router.get('/clients', async (req, res) => {
    const name = firstString(req.query.client_name);
    const owner = firstString(req.query.owner);
    const page = await services.clients.listByOffset(
      { ...(name && { client_name: name }), ...(owner && { owner }) },
      { limit: integer(req.query.limit), offset: integer(req.query.offset) },
    );
    res.set('X-Total-Count', String(page.total)).set('Link', offsetLinks(req, page));
    res.status(200).json(page.items.map((client) => clientV1(toHydraJson(client))));
  });
  router.use('/clients', reshapeJson(clientsV1));
  router.get('/oauth2/auth/requests/login', reshapeJson(loginRequestV1));
  router.get('/oauth2/auth/requests/consent', reshapeJson(consentRequestV1));
  router.get('/oauth2/auth/sessions/consent', reshapeJson(consentSessionsV1));

  router.use(jsonBody, clientRoutes(services.clients), keyRoutes(services.keys), flowRoutes(services.flows), sessionRoutes(services.sessions, services.logouts));
  return router;
}
