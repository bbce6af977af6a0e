// POST /oauth2/token (RFC 6749 §3.2): parse the form, call TokenService,
// write the token response or the error, never cacheable (§5.1) and without
// WWW-Authenticate, as Hydra answers.
import { Router } from 'express';
import type { TokenService } from '../../domain/token/service.js';
import { noStore, sendJson, sendOAuth2Error, toOAuth2Error, type OAuth2RouteOptions } from '../oauth2-responses.js';
import { parseForm } from '../body.js';

export function tokenRoutes(tokens: TokenService, options: OAuth2RouteOptions): Router {
  const router = Router();
  router.post('/oauth2/token', async (req, res) => {
    try {
      await parseForm(req);
      const response = await tokens.token({ body: req.body, authorization: req.headers.authorization });
      sendJson(noStore(res), 200, response);
    } catch (err) {
      sendOAuth2Error(res, toOAuth2Error(err, options, req), options);
    }
  });
  return router;
}
