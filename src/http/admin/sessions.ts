// Hydra's admin session endpoints (/admin/oauth2/auth/sessions/…), a thin
// adapter over SessionService, and LogoutService where login sessions end;
// pages are linked like every other listing.
import { Router } from 'express';
import type { SessionService } from '../../domain/session/service.js';
import type { LogoutService } from '../../domain/logout/service.js';
import { DEFAULT_PAGE_SIZE, pageRequestFromQuery } from '../../domain/pagination.js';
import { linkHeader } from '../link-header.js';
import { queryString } from '../query.js';


export function sessionRoutes(sessions: SessionService, logouts: LogoutService): Router {
  const router = Router();

  router.get('/oauth2/auth/sessions/consent', async (req, res) => {
    const subject = queryString(req.query.subject);
    const loginSessionId = queryString(req.query.login_session_id);
    const page = await sessions.listConsentSessions(
      { ...(subject && { subject }), ...(loginSessionId && { loginSessionId }) },
      pageRequestFromQuery(req.query),
    );
    res.set('Link', linkHeader(req, page.pageSize ?? DEFAULT_PAGE_SIZE, page.nextPageToken));
    res.status(200).json(page.items);
  });

  router.delete('/oauth2/auth/sessions/consent', async (req, res) => {
    const subject = queryString(req.query.subject);
    const client = queryString(req.query.client);
    const consentRequestId = queryString(req.query.consent_request_id);
    await sessions.revokeConsentSessions({
      ...(subject && { subject }),
      ...(client && { client }),
      ...(consentRequestId && { consentRequestId }),
      all: queryString(req.query.all) === 'true',
    });
    res.status(204).end();
  });

  router.delete('/oauth2/auth/sessions/login', async (req, res) => {
    const subject = queryString(req.query.subject);
    const sid = queryString(req.query.sid);
    await logouts.revokeLoginSessions({ ...(subject && { subject }), ...(sid && { sid }) });
    res.status(204).end();
  });
  return router;
}
