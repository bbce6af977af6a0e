// POST /oauth2/revoke (RFC 7009): an empty 200 on success, whatever the token.
import { Router } from 'express';
import type { TokenService } from '../../domain/token/service.js';
import { noStore, sendOAuth2Error, toOAuth2Error, type OAuth2RouteOptions } from '../oauth2-responses.js';
import { parseForm } from '../body.js';

export function revokeRoutes(tokens: TokenService, options: OAuth2RouteOptions): Router {
  const router = Router();
  router.post('/oauth2/revoke', async (req, res) => {
    try {
      await parseForm(req);
      await tokens.revoke({ body: req.body, authorization: req.headers.authorization });
      noStore(res).status(200).end();
    } catch (err) {
      sendOAuth2Error(res, toOAuth2Error(err, options, req), options);
    }
  });
  return router;
}
