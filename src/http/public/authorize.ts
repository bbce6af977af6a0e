// GET and POST /oauth2/auth, and the default error, login and consent pages: a thin adapter that
// gathers the form, raw query and cookies, calls FlowService.authorize and
// renders its outcome.
import express, { Router, type Request, type Response } from 'express';
import type { FlowService } from '../../domain/flow/service.js';
import type { AuthorizeOutcome } from '../../domain/flow/response.js';
import { parseCookieHeader, serializeCookie } from '../cookies.js';
import { errorPage, formPostPage, missingAppPage } from '../html.js';

export const rawQueryOf = (req: Request) => {
  const at = req.originalUrl.indexOf('?');
  return at < 0 ? '' : req.originalUrl.slice(at + 1);
};

/** Body parameters first, then the query's, as Go's ParseForm orders them. */
export function formOf(req: Request): URLSearchParams {
  const form = new URLSearchParams(typeof req.body === 'string' ? req.body : '');
  for (const [name, value] of new URLSearchParams(rawQueryOf(req))) form.append(name, value);
  return form;
}

export function render(res: Response, outcome: AuthorizeOutcome): void {
  for (const cookie of outcome.cookies) res.append('Set-Cookie', serializeCookie(cookie));
  if (outcome.kind === 'form_post') {
    res.set({ 'Cache-Control': 'no-store', Pragma: 'no-cache', 'Content-Type': 'text/html;charset=UTF-8' });
    res.status(200).send(formPostPage(outcome.action, outcome.params));
    return;
  }
  if (outcome.noStore) res.set({ 'Cache-Control': 'no-store', Pragma: 'no-cache' });
  res.setHeader('Location', outcome.location);
  res.status(outcome.status).end();
}

const first = (value: unknown) => (typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : '');

/** A form POST to a browser endpoint, kept raw: formOf reads it with the query, in Go's order. */
export const formBody = express.text({ type: 'application/x-www-form-urlencoded', limit: '1mb' });

export function authorizeRoutes(flows: FlowService): Router {
  const router = Router();

  const authorize = async (req: Request, res: Response) => {
    const outcome = await flows.authorize({ form: formOf(req), rawQuery: rawQueryOf(req), cookies: parseCookieHeader(req.headers.cookie) });
    render(res, outcome);
  };
  router.get('/oauth2/auth', authorize);
  router.post('/oauth2/auth', formBody, authorize);

  router.get('/oauth2/fallbacks/error', (req, res) => {
    const q = req.query;
    res.status(500).type('html').send(
      errorPage({ error: first(q.error), description: first(q.error_description), hint: first(q.error_hint), debug: first(q.error_debug) }),
    );
  });
  // Where users land when urls.login / urls.consent is unset (Hydra's defaults): say what is missing.
  router.get('/oauth2/fallbacks/login', (_req, res) => {
    res.status(500).type('html').send(missingAppPage('urls.login'));
  });
  router.get('/oauth2/fallbacks/consent', (_req, res) => {
    res.status(500).type('html').send(missingAppPage('urls.consent'));
  });
  return router;
}
