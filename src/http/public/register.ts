// OpenID Connect Dynamic Client Registration on the public listener
// (POST /oauth2/register, GET/PUT/DELETE /oauth2/register/{id}), a thin
// adapter over ClientRegistration: the feature switch is checked before the
// body is read (a disabled endpoint is a 404 whatever is sent), the
// registration access token comes as a Bearer header.
import { Router, type Request } from 'express';
import type { OAuth2ClientInput } from '../../domain/client/model.js';
import { REGISTRATION_PATH as path, type ClientRegistration } from '../../domain/client/registration.js';
import { toHydraJson } from '../../domain/client/wire.js';
import { jsonBody } from '../body.js';
import { bearerFromHeader } from '../bearer.js';
import { NO_CACHE } from '../admin/keys.js';

const token = (req: Request) => bearerFromHeader(req) ?? '';
const id = (req: Request) => String(req.params.id);

export function registerRoutes(registration: ClientRegistration): Router {
  const router = Router();
  const enabled = Router();
  enabled.use((_req, res, next) => {
    // Answers carry a secret or a registration access token (RFC 7591 §3.2.1).
    res.set('Cache-Control', NO_CACHE);
    registration.assertEnabled();
    next();
  }, jsonBody);
  router.use(path, enabled);

  router.post(path, async (req, res) => {
    const client = await registration.register(req.body as OAuth2ClientInput);
    if (client.registration_client_uri) res.location(client.registration_client_uri);
    res.status(201).json(toHydraJson(client));
  });

  router.get(`${path}/:id`, async (req, res) => {
    res.status(200).json(toHydraJson(await registration.get(id(req), token(req))));
  });

  router.put(`${path}/:id`, async (req, res) => {
    res.status(200).json(toHydraJson(await registration.replace(id(req), token(req), req.body as OAuth2ClientInput)));
  });

  router.delete(`${path}/:id`, async (req, res) => {
    await registration.delete(id(req), token(req));
    res.status(204).end();
  });
  return router;
}
