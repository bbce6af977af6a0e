// CONTRACT STUB — to be implemented (issue #2).
import { Router } from 'express';
import type { KeyService } from '../../domain/jwk/service.js';
export function keyRoutes(_keys: KeyService): Router { return Router(); }
