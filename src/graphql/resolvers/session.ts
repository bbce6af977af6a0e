// Consent sessions (list, revoke) and login sessions (revoke), over
// SessionService. Listing shares the service's rules and pages with REST;
// the sessions' clients load through the per-request DataLoader, so a page
// costs one client read however many sessions and clients it shows.
import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { encodePageToken } from '../../domain/pagination.js';
import type { GraphQLContext } from '../context.js';
import { toConsentSessionType, toPageInfo } from '../mapping.js';
import { OAuth2ClientType } from '../types/client.js';
import { ConsentSessionConnection, ConsentSessionType } from '../types/session.js';
import { loadClient } from './flow.js';

@Resolver(() => ConsentSessionType)
export class ConsentSessionResolver {
  @Query(() => ConsentSessionConnection, { description: 'Granted, unexpired consents of a subject (skipped consents are not listed); page forward with `first` and `after`.' })
  async consentSessions(
    @Ctx() ctx: GraphQLContext,
    @Arg('subject', () => String) subject: string,
    @Arg('loginSessionId', () => String, { nullable: true, description: 'Only consents given in this login session (sid).' }) loginSessionId?: string | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size (default 250, at most 500).' }) first?: number | null,
    @Arg('after', () => String, { nullable: true, description: 'The endCursor of the previous page.' }) after?: string | null,
  ): Promise<ConsentSessionConnection> {
    const page = await ctx.services.sessions.listConsentSessionsWithoutClients(
      { subject, ...(loginSessionId != null && { loginSessionId }) },
      { ...(first != null && { pageSize: first }), ...(after != null && { pageToken: after }) },
    );
    const edges = page.items.map((session) => ({ cursor: encodePageToken(session.id), node: toConsentSessionType(session) }));
    return { edges, pageInfo: toPageInfo(edges, page.nextPageToken) };
  }

  @FieldResolver(() => OAuth2ClientType, { nullable: true, description: 'The client as it is now.' })
  client(@Root() root: ConsentSessionType, @Ctx() ctx: GraphQLContext): Promise<OAuth2ClientType | null> {
    return loadClient(ctx, root.clientId);
  }

  @Mutation(() => Boolean, {
    description:
      'Revokes consent sessions and every token they produced. Give consentRequestId alone, subject and client, or subject and all: true; any other combination is invalid_request (400). Nothing matching is not an error.',
  })
  async revokeConsentSessions(
    @Ctx() ctx: GraphQLContext,
    @Arg('subject', () => String, { nullable: true }) subject?: string | null,
    @Arg('client', () => String, { nullable: true, description: 'A client id.' }) client?: string | null,
    @Arg('all', () => Boolean, { nullable: true, description: 'With subject: every client.' }) all?: boolean | null,
    @Arg('consentRequestId', () => String, { nullable: true }) consentRequestId?: string | null,
  ): Promise<boolean> {
    await ctx.services.sessions.revokeConsentSessions({
      ...(subject != null && { subject }),
      ...(client != null && { client }),
      ...(consentRequestId != null && { consentRequestId }),
      all: all ?? false,
    });
    return true;
  }

  @Mutation(() => Boolean, { description: 'Ends login sessions by sid (its clients get back-channel logout tokens), or every login session of a subject; consents and tokens stay.' })
  async revokeLoginSessions(
    @Ctx() ctx: GraphQLContext,
    @Arg('subject', () => String, { nullable: true }) subject?: string | null,
    @Arg('sid', () => String, { nullable: true }) sid?: string | null,
  ): Promise<boolean> {
    await ctx.services.logouts.revokeLoginSessions({ ...(subject != null && { subject }), ...(sid != null && { sid }) });
    return true;
  }
}
