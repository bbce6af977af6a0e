// Liveness, readiness and version, served on both listeners as in Hydra.
import { Router } from 'express';
import type { Database } from '../storage/database.js';
import { VERSION } from '../version.js';

export function healthRoutes(db: Database): Router {
  const router = Router();
  router.get('/health/alive', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/health/ready', async (_req, res) => {
    try {
      await db.ping();
      res.json({ status: 'ok' });
    } catch (err) {
      res.status(503).json({ errors: { database: String((err as Error).message ?? err) } });
    }
  });
  router.get('/version', (_req, res) => {
    res.json({ version: VERSION });
  });
  return router;
}
