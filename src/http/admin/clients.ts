// CONTRACT STUB — to be implemented (issue #2).
import { Router } from 'express';
import type { ClientService } from '../../domain/client/service.js';
export function clientRoutes(_clients: ClientService): Router { return Router(); }
