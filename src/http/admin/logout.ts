// Hydra's admin logout endpoints (/admin/oauth2/auth/requests/logout…), a
// thin adapter over LogoutService. The challenge comes as logout_challenge,
// or as `challenge`.
import { Router, type Request } from 'express';
import type { LogoutService } from '../../domain/logout/service.js';
import { sendRequest } from './flows.js';
import { queryString } from '../query.js';

const challengeOf = (req: Request) => queryString(req.query.logout_challenge) ?? queryString(req.query.challenge);

export function logoutRequestRoutes(logouts: LogoutService): Router {
  const router = Router();
  const base = '/oauth2/auth/requests/logout';
  router.get(base, async (req, res) => sendRequest(res, await logouts.getLogoutRequest(challengeOf(req))));
  router.put(`${base}/accept`, async (req, res) => {
    res.status(200).json(await logouts.acceptLogoutRequest(challengeOf(req)));
  });
  router.put(`${base}/reject`, async (req, res) => {
    await logouts.rejectLogoutRequest(challengeOf(req));
    res.status(204).end();
  });
  return router;
}
