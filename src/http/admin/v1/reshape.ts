// Serving a v2 handler under its v1 path: successful JSON bodies pass
// through a v1 shape, and Location headers lose the /admin prefix v1 did not
// have. Error bodies are the same in both versions and pass untouched.
import type { RequestHandler, Response } from 'express';

export function reshapeJson(shape: (body: unknown) => unknown): RequestHandler {
  return (_req, res, next) => {
    const json = res.json.bind(res);
    res.json = ((body: unknown) => {
      const location = res.get('Location');
      if (location?.startsWith('/admin/')) res.location(location.slice('/admin'.length));
      return json(res.statusCode < 300 ? shape(body) : body);
    }) as Response['json'];
    next();
  };
}
