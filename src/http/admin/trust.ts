// Hydra's trust API (/admin/trust/grants/jwt-bearer/issuers…), a thin
// adapter over TrustService: 201 on create, 204 on delete, 200 otherwise.
// Listings carry Hydra's keyset Link header (Hydra sends no X-Total-Count here).
import { Router } from 'express';
import { DEFAULT_PAGE_SIZE, pageRequestFromQuery } from '../../domain/pagination.js';
import { toHydraJson } from '../../domain/trust/model.js';
import type { TrustService } from '../../domain/trust/service.js';
import { linkHeader } from '../link-header.js';
import { queryString } from '../query.js';

const ISSUERS = '/trust/grants/jwt-bearer/issuers';

export function trustRoutes(trust: TrustService): Router {
  const router = Router();

  router.get(ISSUERS, async (req, res) => {
    const pageRequest = pageRequestFromQuery(req.query);
    const issuer = queryString(req.query.issuer);
    const page = await trust.list(issuer ? { issuer } : {}, pageRequest);
    res.set('Link', linkHeader(req, page.pageSize ?? DEFAULT_PAGE_SIZE, page.nextPageToken));
    res.json(page.items.map(toHydraJson));
  });

  router.post(ISSUERS, async (req, res) => {
    const created = await trust.trust(req.body);
    res.status(201).location(`/admin${ISSUERS}/${encodeURIComponent(created.id)}`).json(toHydraJson(created));
  });

  router.get(`${ISSUERS}/:id`, async (req, res) => {
    res.json(toHydraJson(await trust.get(req.params.id)));
  });

  router.delete(`${ISSUERS}/:id`, async (req, res) => {
    await trust.delete(req.params.id);
    res.status(204).end();
  });

  return router;
}
