// GET /.well-known/jwks.json on the public listener: the public halves of the
// broadcast key sets, never private or symmetric material.
import { Router } from 'express';
import type { KeyService } from '../../domain/jwk/service.js';
import { NO_CACHE } from '../admin/keys.js';

export function jwksRoutes(keys: KeyService): Router {
  const router = Router();
  router.get('/.well-known/jwks.json', async (_req, res) => {
    // Hydra sends its no-cache header on every GET, this one included.
    res.set('Cache-Control', NO_CACHE).json(await keys.publicKeys());
  });
  return router;
}
