// GraphQL type of a token introspection (RFC 7662 §2.2), camelCase names.
// An inactive token shows `active: false` and nothing else.
import { Field, ObjectType } from 'type-graphql';
import type { Introspection } from '../../domain/token/service.js';
import type { Camelize, SameKeys } from '../naming.js';
import { JSON, SafeInt } from '../scalars.js';

@ObjectType('TokenIntrospection', { description: 'What the server knows about a token (RFC 7662); every field but `active` is null for an inactive token.' })
export class TokenIntrospectionType {
  @Field(() => Boolean, { description: 'Whether the token is valid right now (known, unexpired, unrevoked, and granted every scope asked about).' }) active!: boolean;
  @Field(() => String, { nullable: true, description: 'Granted scopes, space-separated.' }) scope!: string | null;
  @Field(() => String, { nullable: true }) clientId!: string | null;
  @Field(() => String, { nullable: true, description: 'The subject (the login\'s, not the pairwise one).' }) sub!: string | null;
  @Field(() => SafeInt, { nullable: true, description: 'Expiry, seconds since the epoch.' }) exp!: number | null;
  @Field(() => SafeInt, { nullable: true, description: 'Issued at, seconds since the epoch.' }) iat!: number | null;
  @Field(() => SafeInt, { nullable: true, description: 'Not before, seconds since the epoch.' }) nbf!: number | null;
  @Field(() => [String], { nullable: true, description: 'Granted audiences.' }) aud!: string[] | null;
  @Field(() => String, { nullable: true }) iss!: string | null;
  @Field(() => String, { nullable: true, description: '"Bearer".' }) tokenType!: string | null;
  @Field(() => String, { nullable: true, description: '"access_token" or "refresh_token".' }) tokenUse!: string | null;
  @Field(() => String, { nullable: true, description: 'Never set by this server (RFC 7662 member).' }) username!: string | null;
  @Field(() => String, { nullable: true, description: 'The pairwise subject, when it differs from `sub`.' }) obfuscatedSubject!: string | null;
  @Field(() => JSON, { nullable: true, description: 'Extra access token claims granted with the consent.' }) ext!: Record<string, unknown> | null;
}

// Compile-time drift check: every member of the active answer is a field here.
type ActiveIntrospection = Extract<Introspection, { active: true }>;
const introspectionCoversWire: SameKeys<Omit<TokenIntrospectionType, 'username'>, Camelize<Required<ActiveIntrospection>>> = true;
void introspectionCoversWire;
