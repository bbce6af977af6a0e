// A handler loaded on its first request. For a large feature that many
// deployments never call (the GraphQL plane is about 27 MiB resident once
// Apollo, type-graphql and the schema are loaded), so that they never pay
// for it. Concurrent first requests share one load; a failed load is
// retried by the next request.
import type { RequestHandler } from 'express';

export function lazyHandler(load: () => Promise<RequestHandler>): RequestHandler {
  let loading: Promise<RequestHandler> | undefined;
  return (req, res, next) => {
    loading ??= load().catch((err: unknown) => {
      loading = undefined;
      throw err;
    });
    loading.then((handler) => handler(req, res, next), next);
  };
}
