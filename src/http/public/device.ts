// The device authorization grant's public endpoints (RFC 8628, Hydra's
// paths): POST /oauth2/device/auth for the device, GET /oauth2/device/verify
// for the user's browser, and the default verification and success pages.
import { Router } from 'express';
import type { FlowService } from '../../domain/flow/service.js';
import type { TokenService } from '../../domain/token/service.js';
import { parseForm } from '../body.js';
import { parseCookieHeader, serializeCookie } from '../cookies.js';
import { deviceDonePage, missingAppPage } from '../html.js';
import { noStore, sendJson, sendOAuth2Error, toOAuth2Error, type OAuth2RouteOptions } from '../oauth2-responses.js';
import { formOf, rawQueryOf, render } from './authorize.js';

export function deviceRoutes(tokens: TokenService, flows: FlowService, options: OAuth2RouteOptions): Router {
  const router = Router();
  router.post('/oauth2/device/auth', async (req, res) => {
    try {
      await parseForm(req);
      sendJson(noStore(res), 200, await tokens.deviceAuthorization({ body: req.body, authorization: req.headers.authorization }));
    } catch (err) {
      sendOAuth2Error(res, toOAuth2Error(err, options, req), options);
    }
  });

  router.get('/oauth2/device/verify', async (req, res) => {
    const outcome = await flows.verifyDevice({ form: formOf(req), rawQuery: rawQueryOf(req), cookies: parseCookieHeader(req.headers.cookie) });
    if (outcome.kind !== 'error') return render(res, outcome);
    for (const cookie of outcome.cookies) res.append('Set-Cookie', serializeCookie(cookie));
    sendOAuth2Error(res, outcome.error, options);
  });

  // Where users land when urls.device.verification / urls.device.success are unset (Hydra's defaults, both 200).
  router.get('/oauth2/fallbacks/device', (_req, res) => {
    res.status(200).type('html').send(missingAppPage('urls.device.verification'));
  });
  router.get('/oauth2/fallbacks/device/done', (_req, res) => {
    res.status(200).type('html').send(deviceDonePage());
  });
  return router;
}
