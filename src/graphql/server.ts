// CONTRACT STUB — to be implemented (issue #2).
import type { RequestHandler } from 'express';
import type { Services } from '../app.js';
import type { Logger } from '../log.js';
export async function graphqlHandler(_services: Services, _logger: Logger): Promise<RequestHandler> {
  return (_req, _res, next) => next();
}
