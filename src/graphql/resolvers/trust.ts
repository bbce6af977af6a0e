// Queries and mutations on trusted JWT-bearer issuers, over TrustService.
import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { encodePageToken } from '../../domain/pagination.js';
import { isNotFound, type GraphQLContext } from '../context.js';
import { toPageInfo } from '../mapping.js';
import { toTrustedJwtIssuerType, TrustedJwtIssuerConnection, TrustedJwtIssuerType, TrustJwtIssuerInput } from '../types/trust.js';

@Resolver(() => TrustedJwtIssuerType)
export class TrustResolver {
  @Query(() => TrustedJwtIssuerConnection, { description: 'Trusted JWT-bearer issuers in listing order; page forward with `first` and `after`.' })
  async trustedJwtIssuers(
    @Ctx() ctx: GraphQLContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size (default 250, at most 500).' }) first?: number | null,
    @Arg('after', () => String, { nullable: true, description: 'The endCursor of the previous page.' }) after?: string | null,
    @Arg('issuer', () => String, { nullable: true }) issuer?: string | null,
  ): Promise<TrustedJwtIssuerConnection> {
    const page = await ctx.services.trust.list(issuer ? { issuer } : {}, { ...(first != null && { pageSize: first }), ...(after != null && { pageToken: after }) });
    const edges = page.items.map((trust) => ({ cursor: encodePageToken(trust.id), node: toTrustedJwtIssuerType(trust) }));
    return { edges, pageInfo: toPageInfo(edges, page.nextPageToken), totalCount: page.total };
  }

  @Query(() => TrustedJwtIssuerType, { nullable: true, description: 'A trust by id, or null when there is none.' })
  async trustedJwtIssuer(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string): Promise<TrustedJwtIssuerType | null> {
    try {
      return toTrustedJwtIssuerType(await ctx.services.trust.get(id));
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  @Mutation(() => TrustedJwtIssuerType, { description: 'Trusts an issuer\'s key for a subject (or any subject) and scopes, until expiresAt.' })
  async trustJwtIssuer(@Ctx() ctx: GraphQLContext, @Arg('input', () => TrustJwtIssuerInput) input: TrustJwtIssuerInput): Promise<TrustedJwtIssuerType> {
    const trust = await ctx.services.trust.trust({
      issuer: input.issuer,
      subject: input.subject,
      allow_any_subject: input.allowAnySubject,
      scope: input.scope,
      jwk: input.jwk,
      expires_at: input.expiresAt.toISOString(),
    });
    return toTrustedJwtIssuerType(trust);
  }

  @Mutation(() => Boolean)
  async deleteTrustedJwtIssuer(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string): Promise<boolean> {
    await ctx.services.trust.delete(id);
    return true;
  }
}
