// OpenID Connect Discovery: /.well-known/openid-configuration, also served
// as RFC 8414's /.well-known/oauth-authorization-server, as Hydra does.
import { Router } from 'express';
import type { TokenService } from '../../domain/token/service.js';

export function discoveryRoutes(tokens: TokenService): Router {
  const router = Router();
  router.get(['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server'], async (_req, res) => {
    res.status(200).json(await tokens.discovery());
  });
  return router;
}
