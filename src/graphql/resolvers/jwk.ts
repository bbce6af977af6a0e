// Queries and mutations on JSON Web Key sets, over KeyService.
import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { JWK } from 'jose';
import { invalidRequest } from '../../domain/errors.js';
import type { GenerateKeyRequest, KeySet } from '../../domain/jwk/service.js';
import type { GraphQLContext } from '../context.js';
import { JSON } from '../scalars.js';
import { CreateKeyPayload, JsonWebKeySetType, JsonWebKeyType, toJsonWebKey } from '../types/jwk.js';

/** `keys` of replaceKeySet: a JWK Set ({"keys": […]}) or the bare array of keys. */
function toKeySet(keys: unknown): KeySet {
  if (Array.isArray(keys)) return { keys: keys as JWK[] };
  if (keys && typeof keys === 'object' && Array.isArray((keys as KeySet).keys)) return { keys: (keys as KeySet).keys };
  throw invalidRequest('keys must be a JSON Web Key Set ({"keys": [...]}) or an array of keys.');
}

function toJwk(jwk: unknown): JWK {
  if (!jwk || typeof jwk !== 'object' || Array.isArray(jwk)) throw invalidRequest('jwk must be a JSON Web Key object.');
  return jwk as JWK;
}

@Resolver(() => JsonWebKeySetType)
export class KeyResolver {
  @Query(() => JsonWebKeySetType, { nullable: true, description: 'A key set by name, or null when there is none.' })
  async keySet(@Ctx() ctx: GraphQLContext, @Arg('set', () => String) set: string): Promise<JsonWebKeySetType | null> {
    return (await ctx.loaders.keySet.load(set)) ? { set } : null;
  }

  @Query(() => [JsonWebKeySetType], { description: 'Every key set; their keys load in one batch.' })
  async keySets(@Ctx() ctx: GraphQLContext): Promise<JsonWebKeySetType[]> {
    return (await ctx.services.keys.listSets()).map((set) => ({ set }));
  }

  @FieldResolver(() => [JsonWebKeyType])
  async keys(@Root() root: JsonWebKeySetType, @Ctx() ctx: GraphQLContext): Promise<JsonWebKeyType[]> {
    return ((await ctx.loaders.keySet.load(root.set)) ?? []).map(toJsonWebKey);
  }

  @Mutation(() => CreateKeyPayload, { description: 'Generates a key and adds it to the set, creating the set if needed.' })
  async createKey(
    @Ctx() ctx: GraphQLContext,
    @Arg('set', () => String) set: string,
    @Arg('alg', () => String, { description: 'e.g. RS256, ES256, EdDSA, HS256.' }) alg: string,
    @Arg('use', () => String, { description: '"sig" or "enc".' }) use: string,
    @Arg('kid', () => String, { nullable: true, description: 'Generated when omitted.' }) kid?: string | null,
  ): Promise<CreateKeyPayload> {
    const request: GenerateKeyRequest = { alg, use: use as GenerateKeyRequest['use'], ...(kid != null && { kid }) };
    const generated = await ctx.services.keys.generate(set, request);
    ctx.loaders.keySet.clear(set);
    const key = generated.keys[0];
    if (!key) throw new Error('KeyService.generate returned no key');
    return { set, key: toJsonWebKey(key), privateJwk: key };
  }

  @Mutation(() => JsonWebKeyType, { description: 'Imports (creates or replaces) one key of a set under `kid`.' })
  async importKey(
    @Ctx() ctx: GraphQLContext,
    @Arg('set', () => String) set: string,
    @Arg('kid', () => String) kid: string,
    @Arg('jwk', () => JSON) jwk: unknown,
  ): Promise<JsonWebKeyType> {
    const stored = await ctx.services.keys.replaceKey(set, kid, toJwk(jwk));
    ctx.loaders.keySet.clear(set);
    return toJsonWebKey(stored);
  }

  @Mutation(() => JsonWebKeySetType, { description: 'Replaces all keys of the set with the imported ones.' })
  async replaceKeySet(@Ctx() ctx: GraphQLContext, @Arg('set', () => String) set: string, @Arg('keys', () => JSON) keys: unknown): Promise<JsonWebKeySetType> {
    const stored = await ctx.services.keys.replaceSet(set, toKeySet(keys));
    ctx.loaders.keySet.clear(set).prime(set, stored.keys);
    return { set };
  }

  @Mutation(() => Boolean)
  async deleteKey(@Ctx() ctx: GraphQLContext, @Arg('set', () => String) set: string, @Arg('kid', () => String) kid: string): Promise<boolean> {
    await ctx.services.keys.deleteKey(set, kid);
    ctx.loaders.keySet.clear(set);
    return true;
  }

  @Mutation(() => Boolean)
  async deleteKeySet(@Ctx() ctx: GraphQLContext, @Arg('set', () => String) set: string): Promise<boolean> {
    await ctx.services.keys.deleteSet(set);
    ctx.loaders.keySet.clear(set).prime(set, null);
    return true;
  }
}
