// GraphQL types of JSON Web Keys. Queries show only public members; the
// private half of a generated key appears once, in createKey's payload.
import { Field, ObjectType } from 'type-graphql';
import type { JWK } from 'jose';
import { JSON } from '../scalars.js';

/** Members that carry private or symmetric key material (RFC 7518 §6). */
const PRIVATE_MEMBERS = new Set(['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k', 'priv']);

export function publicJwk(jwk: JWK): JWK {
  return Object.fromEntries(Object.entries(jwk).filter(([name]) => !PRIVATE_MEMBERS.has(name))) as JWK;
}

@ObjectType('JsonWebKey', { description: 'The public members of a JSON Web Key.' })
export class JsonWebKeyType {
  @Field(() => String, { nullable: true }) kid!: string | null;
  @Field(() => String) kty!: string;
  @Field(() => String, { nullable: true }) alg!: string | null;
  @Field(() => String, { nullable: true, description: '"sig" or "enc".' }) use!: string | null;
  @Field(() => [String], { nullable: true }) keyOps!: string[] | null;
  @Field(() => String, { nullable: true, description: 'Curve of an EC or OKP key.' }) crv!: string | null;
  @Field(() => String, { nullable: true, description: 'RSA modulus.' }) n!: string | null;
  @Field(() => String, { nullable: true, description: 'RSA public exponent.' }) e!: string | null;
  @Field(() => String, { nullable: true }) x!: string | null;
  @Field(() => String, { nullable: true }) y!: string | null;
  @Field(() => [String], { nullable: true }) x5c!: string[] | null;
  @Field(() => String, { nullable: true }) x5t!: string | null;
  @Field(() => String, { nullable: true }) x5tS256!: string | null;
  @Field(() => String, { nullable: true }) x5u!: string | null;
  @Field(() => JSON, { description: 'The public JWK as JSON, members as RFC 7517 names them.' }) jwk!: JWK;
}

export function toJsonWebKey(key: JWK): JsonWebKeyType {
  const pub = publicJwk(key);
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  const strs = (v: unknown) => (Array.isArray(v) ? v.map(String) : null);
  return {
    kid: str(pub.kid),
    kty: String(pub.kty),
    alg: str(pub.alg),
    use: str(pub.use),
    keyOps: strs(pub.key_ops),
    crv: str(pub.crv),
    n: str(pub.n),
    e: str(pub.e),
    x: str(pub.x),
    y: str(pub.y),
    x5c: strs(pub.x5c),
    x5t: str(pub.x5t),
    x5tS256: str(pub['x5t#S256']),
    x5u: str(pub.x5u),
    jwk: pub,
  };
}

/** Resolved lazily: `keys` loads through the per-request DataLoader. */
@ObjectType('JsonWebKeySet')
export class JsonWebKeySetType {
  @Field(() => String, { description: 'The set\'s name, e.g. "hydra.openid.id-token".' }) set!: string;
}

@ObjectType('CreateKeyPayload')
export class CreateKeyPayload {
  @Field(() => String) set!: string;
  @Field(() => JsonWebKeyType) key!: JsonWebKeyType;
  @Field(() => JSON, { description: 'The generated key with its private half, shown this once.' }) privateJwk!: JWK;
}
