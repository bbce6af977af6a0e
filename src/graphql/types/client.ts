// GraphQL types of OAuth 2.0 clients. Field names are the camelCase forms of
// Hydra's wire names; the compile-time checks at the end fail when the wire
// type (src/domain/client/model.ts) gains a field these classes lack.
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { ClientLifespans, OAuth2Client, OAuth2ClientInput } from '../../domain/client/model.js';
import type { Camelize, SameKeys } from '../naming.js';
import { DateTime, JSON, SafeInt } from '../scalars.js';

/** Base class only: not itself part of the schema (it is never referenced). */
@ObjectType()
export abstract class ClientLifespanFields {
  @Field(() => String, { nullable: true, description: 'Token lifespans are Go durations ("1h0m0s"); null means the configured default.' })
  authorizationCodeGrantAccessTokenLifespan!: string | null;
  @Field(() => String, { nullable: true }) authorizationCodeGrantIdTokenLifespan!: string | null;
  @Field(() => String, { nullable: true }) authorizationCodeGrantRefreshTokenLifespan!: string | null;
  @Field(() => String, { nullable: true }) clientCredentialsGrantAccessTokenLifespan!: string | null;
  @Field(() => String, { nullable: true }) implicitGrantAccessTokenLifespan!: string | null;
  @Field(() => String, { nullable: true }) implicitGrantIdTokenLifespan!: string | null;
  @Field(() => String, { nullable: true }) jwtBearerGrantAccessTokenLifespan!: string | null;
  @Field(() => String, { nullable: true }) refreshTokenGrantIdTokenLifespan!: string | null;
  @Field(() => String, { nullable: true }) refreshTokenGrantAccessTokenLifespan!: string | null;
  @Field(() => String, { nullable: true }) refreshTokenGrantRefreshTokenLifespan!: string | null;
  @Field(() => String, { nullable: true }) deviceAuthorizationGrantIdTokenLifespan!: string | null;
  @Field(() => String, { nullable: true }) deviceAuthorizationGrantAccessTokenLifespan!: string | null;
  @Field(() => String, { nullable: true }) deviceAuthorizationGrantRefreshTokenLifespan!: string | null;
}

@ObjectType('OAuth2Client', { description: 'An OAuth 2.0 client, as Hydra\'s admin API shows it (camelCase names). The secret is never shown here.' })
export class OAuth2ClientType extends ClientLifespanFields {
  @Field(() => ID) clientId!: string;
  @Field(() => String) clientName!: string;
  @Field(() => SafeInt, { description: 'Seconds since the epoch; 0 means the secret never expires.' }) clientSecretExpiresAt!: number;
  @Field(() => [String]) redirectUris!: string[];
  @Field(() => [String]) grantTypes!: string[];
  @Field(() => [String]) responseTypes!: string[];
  @Field(() => String) scope!: string;
  @Field(() => [String]) audience!: string[];
  @Field(() => String) owner!: string;
  @Field(() => String) policyUri!: string;
  @Field(() => [String]) allowedCorsOrigins!: string[];
  @Field(() => String) tosUri!: string;
  @Field(() => String) clientUri!: string;
  @Field(() => String) logoUri!: string;
  @Field(() => [String]) contacts!: string[];
  @Field(() => String) subjectType!: string;
  @Field(() => String) sectorIdentifierUri!: string;
  @Field(() => String) jwksUri!: string;
  @Field(() => JSON, { description: 'The client\'s JSON Web Key Set ({} when it has none).' }) jwks!: OAuth2Client['jwks'];
  @Field(() => String) tokenEndpointAuthMethod!: string;
  @Field(() => String) tokenEndpointAuthSigningAlg!: string;
  @Field(() => [String]) requestUris!: string[];
  @Field(() => String) requestObjectSigningAlg!: string;
  @Field(() => String) userinfoSignedResponseAlg!: string;
  @Field(() => String) frontchannelLogoutUri!: string;
  @Field(() => Boolean) frontchannelLogoutSessionRequired!: boolean;
  @Field(() => [String]) postLogoutRedirectUris!: string[];
  @Field(() => String) backchannelLogoutUri!: string;
  @Field(() => Boolean) backchannelLogoutSessionRequired!: boolean;
  @Field(() => JSON) metadata!: Record<string, unknown>;
  @Field(() => String) accessTokenStrategy!: string;
  @Field(() => Boolean) skipConsent!: boolean;
  @Field(() => Boolean, { nullable: true }) skipLogoutConsent!: boolean | null;
  @Field(() => DateTime) createdAt!: Date;
  @Field(() => DateTime) updatedAt!: Date;
}

@InputType('ClientLifespansInput', { description: 'Lifespans to set; an omitted field keeps its value, null restores the configured default.' })
export class ClientLifespansInput {
  @Field(() => String, { nullable: true }) authorizationCodeGrantAccessTokenLifespan?: string | null;
  @Field(() => String, { nullable: true }) authorizationCodeGrantIdTokenLifespan?: string | null;
  @Field(() => String, { nullable: true }) authorizationCodeGrantRefreshTokenLifespan?: string | null;
  @Field(() => String, { nullable: true }) clientCredentialsGrantAccessTokenLifespan?: string | null;
  @Field(() => String, { nullable: true }) implicitGrantAccessTokenLifespan?: string | null;
  @Field(() => String, { nullable: true }) implicitGrantIdTokenLifespan?: string | null;
  @Field(() => String, { nullable: true }) jwtBearerGrantAccessTokenLifespan?: string | null;
  @Field(() => String, { nullable: true }) refreshTokenGrantIdTokenLifespan?: string | null;
  @Field(() => String, { nullable: true }) refreshTokenGrantAccessTokenLifespan?: string | null;
  @Field(() => String, { nullable: true }) refreshTokenGrantRefreshTokenLifespan?: string | null;
  @Field(() => String, { nullable: true }) deviceAuthorizationGrantIdTokenLifespan?: string | null;
  @Field(() => String, { nullable: true }) deviceAuthorizationGrantAccessTokenLifespan?: string | null;
  @Field(() => String, { nullable: true }) deviceAuthorizationGrantRefreshTokenLifespan?: string | null;
}

@InputType('OAuth2ClientInput', { description: 'A client to create or replace; omitted fields take their defaults.' })
export class OAuth2ClientInputType extends ClientLifespansInput {
  @Field(() => String, { nullable: true, description: 'Generated when omitted.' }) clientId?: string | null;
  @Field(() => String, { nullable: true }) clientName?: string | null;
  @Field(() => String, { nullable: true, description: 'Generated when omitted on creation; on replace, the secret changes only when one is given.' }) clientSecret?: string | null;
  @Field(() => SafeInt, { nullable: true }) clientSecretExpiresAt?: number | null;
  @Field(() => [String], { nullable: true }) redirectUris?: string[] | null;
  @Field(() => [String], { nullable: true }) grantTypes?: string[] | null;
  @Field(() => [String], { nullable: true }) responseTypes?: string[] | null;
  @Field(() => String, { nullable: true }) scope?: string | null;
  @Field(() => [String], { nullable: true }) audience?: string[] | null;
  @Field(() => String, { nullable: true }) owner?: string | null;
  @Field(() => String, { nullable: true }) policyUri?: string | null;
  @Field(() => [String], { nullable: true }) allowedCorsOrigins?: string[] | null;
  @Field(() => String, { nullable: true }) tosUri?: string | null;
  @Field(() => String, { nullable: true }) clientUri?: string | null;
  @Field(() => String, { nullable: true }) logoUri?: string | null;
  @Field(() => [String], { nullable: true }) contacts?: string[] | null;
  @Field(() => String, { nullable: true }) subjectType?: string | null;
  @Field(() => String, { nullable: true }) sectorIdentifierUri?: string | null;
  @Field(() => String, { nullable: true }) jwksUri?: string | null;
  @Field(() => JSON, { nullable: true }) jwks?: OAuth2Client['jwks'] | null;
  @Field(() => String, { nullable: true }) tokenEndpointAuthMethod?: string | null;
  @Field(() => String, { nullable: true }) tokenEndpointAuthSigningAlg?: string | null;
  @Field(() => [String], { nullable: true }) requestUris?: string[] | null;
  @Field(() => String, { nullable: true }) requestObjectSigningAlg?: string | null;
  @Field(() => String, { nullable: true }) userinfoSignedResponseAlg?: string | null;
  @Field(() => String, { nullable: true }) frontchannelLogoutUri?: string | null;
  @Field(() => Boolean, { nullable: true }) frontchannelLogoutSessionRequired?: boolean | null;
  @Field(() => [String], { nullable: true }) postLogoutRedirectUris?: string[] | null;
  @Field(() => String, { nullable: true }) backchannelLogoutUri?: string | null;
  @Field(() => Boolean, { nullable: true }) backchannelLogoutSessionRequired?: boolean | null;
  @Field(() => JSON, { nullable: true }) metadata?: Record<string, unknown> | null;
  @Field(() => String, { nullable: true }) accessTokenStrategy?: string | null;
  @Field(() => Boolean, { nullable: true }) skipConsent?: boolean | null;
  @Field(() => Boolean, { nullable: true }) skipLogoutConsent?: boolean | null;
}

export enum JsonPatchOp {
  ADD = 'add',
  REMOVE = 'remove',
  REPLACE = 'replace',
  MOVE = 'move',
  COPY = 'copy',
  TEST = 'test',
}
registerEnumType(JsonPatchOp, { name: 'JsonPatchOp', description: 'RFC 6902 operation.' });

@InputType('JsonPatchOperationInput', {
  description: 'One RFC 6902 operation on the client document. A path\'s first segment may be the camelCase field name ("/clientName") or the wire name ("/client_name").',
})
export class JsonPatchOperationInput {
  @Field(() => JsonPatchOp) op!: JsonPatchOp;
  @Field(() => String) path!: string;
  @Field(() => JSON, { nullable: true }) value?: unknown;
  @Field(() => String, { nullable: true }) from?: string | null;
}

@ObjectType('CreateClientPayload')
export class CreateClientPayload {
  @Field(() => OAuth2ClientType) client!: OAuth2ClientType;
  @Field(() => String, { nullable: true, description: 'The plaintext secret, shown this once; null for clients without one.' }) clientSecret!: string | null;
}

@ObjectType('RotateClientSecretPayload')
export class RotateClientSecretPayload {
  @Field(() => OAuth2ClientType) client!: OAuth2ClientType;
  @Field(() => String, { description: 'The new plaintext secret, shown this once; the previous one works until deleteRotatedClientSecrets.' }) clientSecret!: string;
}

@ObjectType('ClientEdge')
export class ClientEdge {
  @Field(() => String) cursor!: string;
  @Field(() => OAuth2ClientType) node!: OAuth2ClientType;
}

@ObjectType('PageInfo')
export class PageInfo {
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => Boolean, { description: 'Always false: listings page forward only.' }) hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true }) startCursor!: string | null;
  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page.' }) endCursor!: string | null;
}

@ObjectType('ClientConnection')
export class ClientConnection {
  @Field(() => [ClientEdge]) edges!: ClientEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int, { description: 'Clients matching the filter, over all pages.' }) totalCount!: number;
}

// Compile-time drift checks against the wire types.
type WireOutput = Camelize<Omit<OAuth2Client, 'client_secret' | 'registration_access_token' | 'registration_client_uri'>>;
const outputCoversWire: SameKeys<Omit<OAuth2ClientType, never>, WireOutput> = true;
const inputCoversWire: SameKeys<OAuth2ClientInputType, Camelize<Required<OAuth2ClientInput>>> = true;
const lifespansCoverWire: SameKeys<ClientLifespansInput, Camelize<ClientLifespans>> = true;
void outputCoversWire;
void inputCoversWire;
void lifespansCoverWire;
