// GET and POST /userinfo (OIDC Core §5.3): the access token from the Bearer
// header, else the access_token parameter (query or form, RFC 6750 §2.2–2.3).
// A 401 carries the RFC 6750 challenge.
import { Router, type Request, type Response } from 'express';
import { BearerChallengeError, type TokenService } from '../../domain/token/service.js';
import { toOAuth2Error, type OAuth2RouteOptions } from '../oauth2-responses.js';
import { parseForm } from '../body.js';
import { bearerFromHeader } from '../bearer.js';

function presentedToken(req: Request): string {
  const fromHeader = bearerFromHeader(req);
  if (fromHeader !== undefined) return fromHeader;
  const fromBody = (req.body as Record<string, unknown> | undefined)?.access_token;
  const value = fromBody ?? req.query.access_token;
  return String((Array.isArray(value) ? value[0] : value) ?? '');
}

export function userinfoRoutes(tokens: TokenService, options: OAuth2RouteOptions): Router {
  const router = Router();
  const handle = async (req: Request, res: Response) => {
    try {
      if (req.method === 'POST') await parseForm(req);
      const result = await tokens.userinfo(presentedToken(req));
      if (result.type === 'jwt') res.status(200).type('application/jwt').send(result.jwt);
      else res.status(200).json(result.claims);
    } catch (err) {
      const error = toOAuth2Error(err, options, req);
      if (error instanceof BearerChallengeError && error.status === 401) {
        const quote = (value: string) => value.replaceAll('\\', '\\\\').replaceAll('"', '\\"');
        res.set('WWW-Authenticate', `Bearer error="${quote(error.challenge.error)}",error_description="${quote(error.challenge.description)}"`);
      }
      res.status(error.status).json(error.toJSON(options.exposeDebug));
    }
  };
  router.get('/userinfo', handle);
  router.post('/userinfo', handle);
  return router;
}
