// GraphQL types of consent sessions (Hydra's OAuth2ConsentSession), paged as
// a connection. `client` resolves through the per-request client DataLoader,
// so a page of sessions costs one client read whatever its size.
import { Field, Int, ObjectType } from 'type-graphql';
import { DateTime, JSON } from '../scalars.js';
import { PageInfo } from './client.js';
import { ConsentRequestType } from './flow.js';

@ObjectType('ConsentSessionClaims', { description: 'Extra claims granted with the consent.' })
export class ConsentSessionClaimsType {
  @Field(() => JSON, { description: 'Claims of the access tokens.' }) accessToken!: Record<string, unknown>;
  @Field(() => JSON, { description: 'Claims of the ID tokens.' }) idToken!: Record<string, unknown>;
}

@ObjectType('ConsentSession', { description: 'A granted, unexpired consent of a subject to a client.' })
export class ConsentSessionType {
  @Field(() => String, { description: 'Shared by every token of the grant; revokeConsentSessions accepts it.' }) consentRequestId!: string;
  @Field(() => [String]) grantScope!: string[];
  @Field(() => [String]) grantAccessTokenAudience!: string[];
  @Field(() => ConsentSessionClaimsType) session!: ConsentSessionClaimsType;
  @Field(() => Boolean, { description: 'Whether later requests for these scopes skip consent.' }) remember!: boolean;
  @Field(() => Int, { description: 'Seconds the consent is remembered; 0 means forever.' }) rememberFor!: number;
  @Field(() => DateTime) handledAt!: Date;
  @Field(() => JSON, { nullable: true }) context!: unknown;
  @Field(() => ConsentRequestType, { description: 'The consent request as the consent app saw it (challenge "").' }) consentRequest!: ConsentRequestType;
  /** The client's id, for the `client` field resolver; not a GraphQL field. */
  clientId!: string;
}

@ObjectType('ConsentSessionEdge')
export class ConsentSessionEdge {
  @Field(() => String) cursor!: string;
  @Field(() => ConsentSessionType) node!: ConsentSessionType;
}

@ObjectType('ConsentSessionConnection', { description: 'A page of consent sessions, in the same order and pages as the REST listing.' })
export class ConsentSessionConnection {
  @Field(() => [ConsentSessionEdge]) edges!: ConsentSessionEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}
