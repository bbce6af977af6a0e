// The GraphQL admin plane (Apollo Server 5) mounted at /admin/graphql on the
// admin listener. The admin app parses JSON only after this mount, so the
// handler brings its own body parser.
import express, { type RequestHandler } from 'express';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginSchemaReportingDisabled, ApolloServerPluginUsageReportingDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import type { Services } from '../app.js';
import type { Logger } from '../log.js';
import { createContext, type GraphQLContext } from './context.js';
import { formatError } from './errors.js';
import { gatehouseSchema } from './schema.js';

export async function graphqlHandler(services: Services, logger: Logger): Promise<RequestHandler> {
  const server = new ApolloServer<GraphQLContext>({
    schema: await gatehouseSchema(),
    // The admin plane is for operators and tools: keep the schema discoverable.
    introspection: true,
    includeStacktraceInErrorResponses: false,
    // Apollo's default, spelled out: a POST must be JSON or carry a preflight header.
    csrfPrevention: true,
    formatError: formatError(logger),
    // The process's lifecycle belongs to the CLI and the composition root, not
    // to Apollo's own SIGINT/SIGTERM handlers (one pair per server otherwise).
    stopOnTerminationSignals: false,
    // Admin operations never leave the process, even if APOLLO_KEY is set.
    plugins: [ApolloServerPluginUsageReportingDisabled(), ApolloServerPluginSchemaReportingDisabled()],
    logger: {
      debug: (...args: unknown[]) => logger.debug(args.map(String).join(' ')),
      info: (...args: unknown[]) => logger.info(args.map(String).join(' ')),
      warn: (...args: unknown[]) => logger.warn(args.map(String).join(' ')),
      error: (...args: unknown[]) => logger.error(args.map(String).join(' ')),
    },
  });
  await server.start();

  const router = express.Router();
  router.use(
    express.json({ limit: '1mb', type: ['application/json', 'application/*+json'] }),
    expressMiddleware(server, { context: async () => createContext(services) }),
  );
  return router;
}
