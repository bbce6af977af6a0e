// Token introspection and deletion, over TokenService (as POST
// /admin/oauth2/introspect and DELETE /admin/oauth2/tokens).
import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context.js';
import { toIntrospectionType } from '../mapping.js';
import { TokenIntrospectionType } from '../types/token.js';

@Resolver(() => TokenIntrospectionType)
export class TokenResolver {
  @Query(() => TokenIntrospectionType, { description: 'RFC 7662 introspection of an access or refresh token; anything unknown, expired or revoked is just active: false.' })
  async introspectToken(
    @Ctx() ctx: GraphQLContext,
    @Arg('token', () => String) token: string,
    @Arg('scope', () => String, { nullable: true, description: 'Space-separated scopes the token must have been granted, or it is reported inactive.' }) scope?: string | null,
  ): Promise<TokenIntrospectionType> {
    return toIntrospectionType(await ctx.services.tokens.introspect({ token, ...(scope != null && { scope }) }));
  }

  @Mutation(() => Boolean, { description: 'Deletes every access token of the client (refresh tokens stay, as in Hydra).' })
  async deleteClientAccessTokens(@Ctx() ctx: GraphQLContext, @Arg('clientId', () => ID) clientId: string): Promise<boolean> {
    await ctx.services.tokens.deleteAccessTokensOfClient(clientId);
    return true;
  }
}
