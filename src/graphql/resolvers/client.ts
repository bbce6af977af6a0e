// Queries and mutations on OAuth 2.0 clients. Each resolver renames its
// arguments for ClientService and renames the result back; every rule lives
// in the service.
import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { OAuth2Client } from '../../domain/client/model.js';
import { encodePageToken } from '../../domain/pagination.js';
import type { GraphQLContext } from '../context.js';
import { toClientInput, toClientType, toLifespans, toPageInfo, toPatchOperations } from '../mapping.js';
import {
  ClientConnection,
  ClientLifespansInput,
  CreateClientPayload,
  JsonPatchOperationInput,
  OAuth2ClientInputType,
  OAuth2ClientType,
  RotateClientSecretPayload,
} from '../types/client.js';

/** Later reads of the same id in this request see the mutation's result. */
function remember(ctx: GraphQLContext, client: OAuth2Client): OAuth2ClientType {
  const { client_secret: _secret, ...stored } = client;
  ctx.loaders.client.clear(client.client_id).prime(client.client_id, stored);
  return toClientType(client);
}

@Resolver(() => OAuth2ClientType)
export class ClientResolver {
  @Query(() => ClientConnection, { description: 'Clients in listing order, optionally filtered; page forward with `first` and `after`.' })
  async clients(
    @Ctx() ctx: GraphQLContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size (default 250, at most 500).' }) first?: number | null,
    @Arg('after', () => String, { nullable: true, description: 'The endCursor of the previous page.' }) after?: string | null,
    @Arg('clientName', () => String, { nullable: true }) clientName?: string | null,
    @Arg('owner', () => String, { nullable: true }) owner?: string | null,
  ): Promise<ClientConnection> {
    const page = await ctx.services.clients.list(
      { ...(clientName != null && { client_name: clientName }), ...(owner != null && { owner }) },
      { ...(first != null && { pageSize: first }), ...(after != null && { pageToken: after }) },
    );
    const edges = page.items.map((client) => {
      ctx.loaders.client.prime(client.client_id, client);
      return { cursor: encodePageToken(client.client_id), node: toClientType(client) };
    });
    return { edges, pageInfo: toPageInfo(edges, page.nextPageToken), totalCount: page.total };
  }

  @Query(() => OAuth2ClientType, { nullable: true, description: 'A client by id, or null when there is none.' })
  async client(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string): Promise<OAuth2ClientType | null> {
    const client = await ctx.loaders.client.load(id);
    return client ? toClientType(client) : null;
  }

  @Mutation(() => CreateClientPayload)
  async createClient(@Ctx() ctx: GraphQLContext, @Arg('input', () => OAuth2ClientInputType) input: OAuth2ClientInputType): Promise<CreateClientPayload> {
    const created = await ctx.services.clients.create(toClientInput(input));
    return { client: remember(ctx, created), clientSecret: created.client_secret ?? null };
  }

  @Mutation(() => OAuth2ClientType, { description: 'Replaces every field (PUT); the secret changes only when one is given.' })
  async replaceClient(
    @Ctx() ctx: GraphQLContext,
    @Arg('id', () => ID) id: string,
    @Arg('input', () => OAuth2ClientInputType) input: OAuth2ClientInputType,
  ): Promise<OAuth2ClientType> {
    return remember(ctx, await ctx.services.clients.replace(id, toClientInput(input)));
  }

  @Mutation(() => OAuth2ClientType, { description: 'Applies an RFC 6902 JSON Patch.' })
  async patchClient(
    @Ctx() ctx: GraphQLContext,
    @Arg('id', () => ID) id: string,
    @Arg('patch', () => [JsonPatchOperationInput]) patch: JsonPatchOperationInput[],
  ): Promise<OAuth2ClientType> {
    return remember(ctx, await ctx.services.clients.patch(id, toPatchOperations(patch)));
  }

  @Mutation(() => Boolean)
  async deleteClient(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string): Promise<boolean> {
    await ctx.services.clients.delete(id);
    ctx.loaders.client.clear(id).prime(id, null);
    return true;
  }

  @Mutation(() => OAuth2ClientType)
  async setClientLifespans(
    @Ctx() ctx: GraphQLContext,
    @Arg('id', () => ID) id: string,
    @Arg('input', () => ClientLifespansInput) input: ClientLifespansInput,
  ): Promise<OAuth2ClientType> {
    return remember(ctx, await ctx.services.clients.setLifespans(id, toLifespans(input)));
  }

  @Mutation(() => RotateClientSecretPayload, { description: 'A new secret; the previous one keeps working until deleteRotatedClientSecrets.' })
  async rotateClientSecret(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string): Promise<RotateClientSecretPayload> {
    const rotated = await ctx.services.clients.rotateSecret(id);
    return { client: remember(ctx, rotated), clientSecret: rotated.client_secret ?? '' };
  }

  @Mutation(() => Boolean, { description: 'Stops the secrets replaced by rotateClientSecret from working.' })
  async deleteRotatedClientSecrets(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string): Promise<boolean> {
    await ctx.services.clients.deleteRotatedSecrets(id);
    return true;
  }
}
