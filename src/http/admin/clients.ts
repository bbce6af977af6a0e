// Hydra's admin client endpoints (/admin/clients…), a thin adapter: read the
// request, call ClientService, render Hydra's JSON. Every rule is in the
// service. Express 5 hands rejected promises to the error handler.
import { Router, type Response } from 'express';
import type { ClientLifespans, OAuth2Client, OAuth2ClientInput } from '../../domain/client/model.js';
import type { ClientService, JsonPatchOperation } from '../../domain/client/service.js';
import { toHydraJson } from '../../domain/client/wire.js';
import { DEFAULT_PAGE_SIZE, pageRequestFromQuery } from '../../domain/pagination.js';
import { linkHeader } from '../link-header.js';
import { queryString } from '../query.js';


const send = (res: Response, status: number, client: OAuth2Client) => res.status(status).json(toHydraJson(client));

export function clientRoutes(clients: ClientService): Router {
  const router = Router();

  router.get('/clients', async (req, res) => {
    const pageRequest = pageRequestFromQuery(req.query);
    const clientName = queryString(req.query.client_name);
    const owner = queryString(req.query.owner);
    const page = await clients.list({ ...(clientName && { client_name: clientName }), ...(owner && { owner }) }, pageRequest);
    res.set('Link', linkHeader(req, page.pageSize ?? DEFAULT_PAGE_SIZE, page.nextPageToken));
    res.set('X-Total-Count', String(page.total));
    res.status(200).json(page.items.map(toHydraJson));
  });

  router.post('/clients', async (req, res) => {
    const client = await clients.create(req.body as OAuth2ClientInput);
    res.location(`/admin/clients/${encodeURIComponent(client.client_id)}`);
    send(res, 201, client);
  });

  router.get('/clients/:id', async (req, res) => {
    send(res, 200, await clients.get(req.params.id));
  });

  router.put('/clients/:id', async (req, res) => {
    send(res, 200, await clients.replace(req.params.id, req.body as OAuth2ClientInput));
  });

  router.patch('/clients/:id', async (req, res) => {
    send(res, 200, await clients.patch(req.params.id, req.body as JsonPatchOperation[]));
  });

  router.delete('/clients/:id', async (req, res) => {
    await clients.delete(req.params.id);
    res.status(204).end();
  });

  router.put('/clients/:id/lifespans', async (req, res) => {
    send(res, 200, await clients.setLifespans(req.params.id, req.body as Partial<ClientLifespans>));
  });

  router.post('/clients/:id/secrets/rotate', async (req, res) => {
    send(res, 200, await clients.rotateSecret(req.params.id));
  });

  router.delete('/clients/:id/secrets/rotate', async (req, res) => {
    send(res, 200, await clients.clearRotatedSecrets(req.params.id));
  });

  return router;
}
