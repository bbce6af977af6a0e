// The admin GraphQL schema, built from the type-graphql classes. schema.graphql
// at the repository root is printSchema()'s output (npm run schema:emit) and a
// test fails when the two drift apart.
import 'reflect-metadata';
import { lexicographicSortSchema, printSchema as printGraphQLSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { ClientResolver } from './resolvers/client.js';
import { KeyResolver } from './resolvers/jwk.js';
import { ConsentRequestResolver, DeviceRequestResolver, LoginRequestResolver, LogoutRequestResolver } from './resolvers/flow.js';
import { ConsentSessionResolver } from './resolvers/session.js';
import { TokenResolver } from './resolvers/token.js';
import { TrustResolver } from './resolvers/trust.js';

let built: Promise<GraphQLSchema> | undefined;

/** Built once per process: the classes and their metadata never change. */
export function gatehouseSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({ resolvers: [ClientResolver, KeyResolver, LoginRequestResolver, ConsentRequestResolver, ConsentSessionResolver, TokenResolver, TrustResolver, LogoutRequestResolver, DeviceRequestResolver], validate: false, emitSchemaFile: false });
  return built;
}

const HEADER = '# Generated from src/graphql by `npm run schema:emit`; do not edit by hand.\n\n';

/** The schema's SDL, types and fields sorted, as checked in at schema.graphql. */
export async function printSchema(): Promise<string> {
  return `${HEADER}${printGraphQLSchema(lexicographicSortSchema(await gatehouseSchema()))}\n`;
}
