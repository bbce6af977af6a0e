// Hydra's admin token endpoints: POST /admin/oauth2/introspect (RFC 7662;
// the admin listener is the trust boundary, so no client authentication) and
// DELETE /admin/oauth2/tokens?client_id= (a client's access tokens).
import { Router } from 'express';
import type { TokenService } from '../../domain/token/service.js';
import { noStore, sendJson, sendOAuth2Error, toOAuth2Error, type OAuth2RouteOptions } from '../oauth2-responses.js';
import { parseForm } from '../body.js';

export function adminTokenRoutes(tokens: TokenService, options: OAuth2RouteOptions): Router {
  const router = Router();

  router.post('/oauth2/introspect', async (req, res) => {
    try {
      await parseForm(req);
      const result = await tokens.introspect(req.body);
      // Hydra marks only the inactive answer as not cacheable.
      sendJson(result.active ? res : noStore(res), 200, result);
    } catch (err) {
      sendOAuth2Error(res, toOAuth2Error(err, options, req), options);
    }
  });

  router.delete('/oauth2/tokens', async (req, res) => {
    const clientId = req.query.client_id;
    await tokens.deleteAccessTokensOfClient(typeof clientId === 'string' ? clientId : '');
    res.status(204).end();
  });

  return router;
}
