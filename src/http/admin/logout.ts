// Hydra's admin logout endpoints (/admin/oauth2/auth/requests/logout…), a
// thin adapter over LogoutService. The challenge comes as logout_challenge,
// or as `challenge`.
import { Router } from 'express';
import type { LogoutService } from '../../domain/logout/service.js';
import { challengeOf, sendRequest } from './flows.js';

export function logoutRequestRoutes(logouts: LogoutService): Router {
  const router = Router();
  const base = '/oauth2/auth/requests/logout';
  router.get(base, async (req, res) => sendRequest(res, await logouts.getLogoutRequest(challengeOf(req, 'logout_challenge'))));
  router.put(`${base}/accept`, async (req, res) => {
    res.status(200).json(await logouts.acceptLogoutRequest(challengeOf(req, 'logout_challenge')));
  });
  router.put(`${base}/reject`, async (req, res) => {
    await logouts.rejectLogoutRequest(challengeOf(req, 'logout_challenge'));
    res.status(204).end();
  });
  return router;
}
