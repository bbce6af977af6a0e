// Hydra's admin login and consent endpoints (/admin/oauth2/auth/requests/…),
// a thin adapter over FlowService. The challenge comes as login_challenge /
// consent_challenge, or as `challenge`.
import { Router, type Request, type Response } from 'express';
import type { AdminRequestResult, FlowService } from '../../domain/flow/service.js';
import { queryString } from '../query.js';

/** The challenge under its own name, or as `challenge`. */
export const challengeOf = (req: Request, name: 'login_challenge' | 'consent_challenge' | 'logout_challenge') => queryString(req.query[name]) ?? queryString(req.query.challenge);

export function sendRequest(res: Response, result: AdminRequestResult): void {
  if (result.kind === 'handled') res.status(410).json({ redirect_to: result.redirectTo });
  else res.status(200).json(result.request);
}

export function flowRoutes(flows: FlowService): Router {
  const router = Router();
  const base = '/oauth2/auth/requests';

  router.get(`${base}/login`, async (req, res) => sendRequest(res, await flows.getLoginRequest(challengeOf(req, 'login_challenge'))));
  router.put(`${base}/login/accept`, async (req, res) => {
    res.status(200).json(await flows.acceptLogin(challengeOf(req, 'login_challenge'), req.body ?? {}));
  });
  router.put(`${base}/login/reject`, async (req, res) => {
    res.status(200).json(await flows.rejectLogin(challengeOf(req, 'login_challenge'), req.body ?? {}));
  });

  router.get(`${base}/consent`, async (req, res) => sendRequest(res, await flows.getConsentRequest(challengeOf(req, 'consent_challenge'))));
  router.put(`${base}/consent/accept`, async (req, res) => {
    res.status(200).json(await flows.acceptConsent(challengeOf(req, 'consent_challenge'), req.body ?? {}));
  });
  router.put(`${base}/consent/reject`, async (req, res) => {
    res.status(200).json(await flows.rejectConsent(challengeOf(req, 'consent_challenge'), req.body ?? {}));
  });

  router.put(`${base}/device/accept`, async (req, res) => {
    res.status(200).json(await flows.acceptDeviceUserCode(queryString(req.query.device_challenge), req.body ?? {}));
  });
  return router;
}
