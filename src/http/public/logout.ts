// GET and POST /oauth2/sessions/logout (OpenID Connect RP-initiated logout,
// and its completion with ?logout_verifier=), and Hydra's default logout and
// post-logout pages: a thin adapter over LogoutService.
import express, { Router, type Request, type Response } from 'express';
import type { EndSessionOutcome, LogoutService } from '../../domain/logout/service.js';
import { parseCookieHeader, serializeCookie } from '../cookies.js';
import { frontChannelLogoutPage, loggedOutPage, missingAppPage } from '../html.js';
import { formOf, rawQueryOf } from './authorize.js';

function render(res: Response, outcome: EndSessionOutcome): void {
  for (const cookie of outcome.cookies) res.append('Set-Cookie', serializeCookie(cookie));
  if (outcome.kind === 'frontchannel') {
    res.set({ 'Cache-Control': 'no-store', Pragma: 'no-cache' });
    res.status(200).type('html').send(frontChannelLogoutPage(outcome.redirectTo, outcome.frontChannelLogoutUrls));
    return;
  }
  res.setHeader('Location', outcome.location);
  res.status(302).end();
}

export function logoutRoutes(logouts: LogoutService): Router {
  const router = Router();
  const urlencoded = express.text({ type: 'application/x-www-form-urlencoded', limit: '1mb' });

  const endSession = async (req: Request, res: Response) => {
    const rawQuery = rawQueryOf(req);
    const outcome = await logouts.endSession({
      form: formOf(req),
      query: new URLSearchParams(rawQuery),
      rawQuery,
      cookies: parseCookieHeader(req.headers.cookie),
    });
    render(res, outcome);
  };
  router.get('/oauth2/sessions/logout', endSession);
  router.post('/oauth2/sessions/logout', urlencoded, endSession);

  // Where users land when urls.logout / urls.post_logout_redirect is unset (Hydra's defaults).
  router.get('/oauth2/fallbacks/logout', (_req, res) => {
    res.status(200).type('html').send(missingAppPage('urls.logout'));
  });
  router.get('/oauth2/fallbacks/logout/callback', (_req, res) => {
    res.status(200).type('html').send(loggedOutPage());
  });
  return router;
}
