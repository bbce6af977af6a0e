// GraphQL types of trusted JWT-bearer issuers: the camelCase forms of Hydra's
// trustedOAuth2JwtGrantIssuer and trustOAuth2JwtGrantIssuer.
import type { JWK } from 'jose';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { publicKeyRef, type TrustedJwtIssuer } from '../../domain/trust/model.js';
import { DateTime, JSON } from '../scalars.js';
import { PageInfo } from './client.js';

@ObjectType('TrustedJwtIssuerPublicKey', { description: 'Where Hydra files the key: the set named after the issuer, and the key id.' })
export class TrustedJwtIssuerPublicKey {
  @Field(() => String) set!: string;
  @Field(() => String) kid!: string;
}

@ObjectType('TrustedJwtIssuer', {
  description: 'An issuer whose assertions, signed with its key, a client may exchange for access tokens (RFC 7523 jwt-bearer grant).',
})
export class TrustedJwtIssuerType {
  @Field(() => ID) id!: string;
  @Field(() => String) issuer!: string;
  @Field(() => String, { description: 'The subject assertions must name; empty when allowAnySubject.' }) subject!: string;
  @Field(() => Boolean) allowAnySubject!: boolean;
  @Field(() => [String], { description: 'The scopes a token obtained with this trust may carry.' }) scope!: string[];
  @Field(() => TrustedJwtIssuerPublicKey) publicKey!: TrustedJwtIssuerPublicKey;
  @Field(() => JSON, { description: 'The trusted public JSON Web Key.' }) jwk!: JWK;
  @Field(() => DateTime) createdAt!: Date;
  @Field(() => DateTime, { description: 'Assertions are refused once the trust has expired.' }) expiresAt!: Date;
}

@InputType('TrustJwtIssuerInput', { description: 'Exactly one of subject and allowAnySubject.' })
export class TrustJwtIssuerInput {
  @Field(() => String) issuer!: string;
  @Field(() => String, { nullable: true }) subject?: string | null;
  @Field(() => Boolean, { nullable: true }) allowAnySubject?: boolean | null;
  @Field(() => [String], { nullable: true }) scope?: string[] | null;
  @Field(() => JSON, { description: 'The issuer\'s public key, with its kid; private keys are refused.' }) jwk!: unknown;
  @Field(() => DateTime) expiresAt!: Date;
}

@ObjectType('TrustedJwtIssuerEdge')
export class TrustedJwtIssuerEdge {
  @Field(() => String) cursor!: string;
  @Field(() => TrustedJwtIssuerType) node!: TrustedJwtIssuerType;
}

@ObjectType('TrustedJwtIssuerConnection')
export class TrustedJwtIssuerConnection {
  @Field(() => [TrustedJwtIssuerEdge]) edges!: TrustedJwtIssuerEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int, { description: 'Trusts matching the filter, over all pages.' }) totalCount!: number;
}

export function toTrustedJwtIssuerType(trust: TrustedJwtIssuer): TrustedJwtIssuerType {
  return {
    id: trust.id,
    issuer: trust.issuer,
    subject: trust.subject,
    allowAnySubject: trust.allowAnySubject,
    scope: trust.scope,
    publicKey: publicKeyRef(trust),
    jwk: trust.publicJwk,
    createdAt: trust.createdAt,
    expiresAt: trust.expiresAt,
  };
}
