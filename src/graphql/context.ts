// Per-request GraphQL context: the services and request-scoped DataLoaders,
// so N lookups of the same kind in one operation become one service call.
import DataLoader from 'dataloader';
import type { JWK } from 'jose';
import type { Services } from '../app.js';
import type { OAuth2Client } from '../domain/client/model.js';
import { OAuth2Error } from '../domain/errors.js';

export interface Loaders {
  /** Clients by id through ClientService.getMany; null for an unknown id. */
  client: DataLoader<string, OAuth2Client | null>;
  /** Keys of a set by set name; null for an unknown set. */
  keySet: DataLoader<string, JWK[] | null>;
}

export interface GraphQLContext {
  services: Services;
  loaders: Loaders;
}

/** A service's 404, which a nullable query answers as null. */
export const isNotFound = (err: unknown) => err instanceof OAuth2Error && err.status === 404;

export function createLoaders(services: Services): Loaders {
  return {
    client: new DataLoader<string, OAuth2Client | null>(async (ids) => {
      const found = await services.clients.getMany(ids);
      return ids.map((id) => found.get(id) ?? null);
    }),
    // KeyService has no batch read: one getSet per distinct set of the batch.
    keySet: new DataLoader<string, JWK[] | null>((sets) =>
      Promise.all(
        sets.map((set) =>
          services.keys.getSet(set).then(
            (keySet) => keySet.keys,
            (err: unknown) => (isNotFound(err) ? null : err instanceof Error ? err : new Error(String(err))),
          ),
        ),
      ),
    ),
  };
}

export function createContext(services: Services): GraphQLContext {
  return { services, loaders: createLoaders(services) };
}
