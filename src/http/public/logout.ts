// GET and POST /oauth2/sessions/logout (OpenID Connect RP-initiated logout,
// and its completion with ?logout_verifier=), and Hydra's default logout and
// post-logout pages: a thin adapter over LogoutService.
import { Router, type Request, type Response } from 'express';
import { LOGOUT_PATH, type EndSessionOutcome, type LogoutService } from '../../domain/logout/service.js';
import { parseCookieHeader, serializeCookie } from '../cookies.js';
import { frontChannelLogoutPage, loggedOutPage, missingAppPage } from '../html.js';
import { formOf, formBody, rawQueryOf, render } from './authorize.js';

/** The front-channel page, or the redirect every other outcome is. */
function renderEndSession(res: Response, outcome: EndSessionOutcome): void {
  if (outcome.kind !== 'frontchannel') return render(res, outcome);
  for (const cookie of outcome.cookies) res.append('Set-Cookie', serializeCookie(cookie));
  res.set({ 'Cache-Control': 'no-store', Pragma: 'no-cache' });
  res.status(200).type('html').send(frontChannelLogoutPage(outcome.redirectTo, outcome.frontChannelLogoutUrls));
}

export function logoutRoutes(logouts: LogoutService): Router {
  const router = Router();

  const endSession = async (req: Request, res: Response) => {
    const outcome = await logouts.endSession({ form: formOf(req), rawQuery: rawQueryOf(req), cookies: parseCookieHeader(req.headers.cookie) });
    renderEndSession(res, outcome);
  };
  router.get(LOGOUT_PATH, endSession);
  router.post(LOGOUT_PATH, formBody, endSession);

  // Where users land when urls.logout / urls.post_logout_redirect is unset (Hydra's defaults).
  router.get('/oauth2/fallbacks/logout', (_req, res) => {
    res.status(200).type('html').send(missingAppPage('urls.logout'));
  });
  router.get('/oauth2/fallbacks/logout/callback', (_req, res) => {
    res.status(200).type('html').send(loggedOutPage());
  });
  return router;
}
