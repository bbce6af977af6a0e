// Clients in the `clients` table. Lists and documents are JSON columns; the
// secret exists only as bcrypt hashes (secret_hash, rotated_secret_hashes).
import type { PrismaClient } from './database.js';
import { LIFESPAN_FIELDS, type ClientLifespans } from '../domain/client/model.js';
import {
  DuplicateClientError,
  type ClientListQuery,
  type ClientRecord,
  type ClientRepository,
  type StoredClient,
} from '../domain/client/repository.js';
import { formatTimestamp } from '../domain/client/wire.js';

type Row = NonNullable<Awaited<ReturnType<PrismaClient['client']['findUnique']>>>;

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
const object = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

function toData(record: StoredClient) {
  const c = record.client;
  const lifespans: Record<string, string | null> = {};
  for (const field of LIFESPAN_FIELDS) lifespans[field] = c[field] ?? null;
  return {
    id: c.client_id,
    clientName: c.client_name,
    secretHash: record.secretHash,
    rotatedSecretHashes: record.rotatedSecretHashes,
    secretExpiresAt: c.client_secret_expires_at,
    redirectUris: c.redirect_uris,
    grantTypes: c.grant_types,
    responseTypes: c.response_types,
    scope: c.scope,
    audience: c.audience,
    owner: c.owner,
    policyUri: c.policy_uri,
    allowedCorsOrigins: c.allowed_cors_origins,
    tosUri: c.tos_uri,
    clientUri: c.client_uri,
    logoUri: c.logo_uri,
    contacts: c.contacts,
    subjectType: c.subject_type,
    sectorIdentifierUri: c.sector_identifier_uri,
    jwksUri: c.jwks_uri,
    jwks: c.jwks as object,
    tokenEndpointAuthMethod: c.token_endpoint_auth_method,
    tokenEndpointAuthSigningAlg: c.token_endpoint_auth_signing_alg,
    requestUris: c.request_uris,
    requestObjectSigningAlg: c.request_object_signing_alg,
    userinfoSignedResponseAlg: c.userinfo_signed_response_alg,
    frontchannelLogoutUri: c.frontchannel_logout_uri,
    frontchannelLogoutSessionRequired: c.frontchannel_logout_session_required,
    postLogoutRedirectUris: c.post_logout_redirect_uris,
    backchannelLogoutUri: c.backchannel_logout_uri,
    backchannelLogoutSessionRequired: c.backchannel_logout_session_required,
    metadata: c.metadata as object,
    accessTokenStrategy: c.access_token_strategy,
    skipConsent: c.skip_consent,
    skipLogoutConsent: c.skip_logout_consent,
    lifespans,
    createdAt: new Date(c.created_at),
    updatedAt: new Date(c.updated_at),
  };
}

function fromRow(row: Row): StoredClient {
  const lifespans = object(row.lifespans);
  const client: ClientRecord = {
    client_id: row.id,
    client_name: row.clientName,
    client_secret_expires_at: row.secretExpiresAt,
    redirect_uris: strings(row.redirectUris),
    grant_types: strings(row.grantTypes),
    response_types: strings(row.responseTypes),
    scope: row.scope,
    audience: strings(row.audience),
    owner: row.owner,
    policy_uri: row.policyUri,
    allowed_cors_origins: strings(row.allowedCorsOrigins),
    tos_uri: row.tosUri,
    client_uri: row.clientUri,
    logo_uri: row.logoUri,
    contacts: strings(row.contacts),
    subject_type: row.subjectType,
    sector_identifier_uri: row.sectorIdentifierUri,
    jwks_uri: row.jwksUri,
    jwks: Array.isArray(object(row.jwks).keys) ? (object(row.jwks) as never) : {},
    token_endpoint_auth_method: row.tokenEndpointAuthMethod,
    token_endpoint_auth_signing_alg: row.tokenEndpointAuthSigningAlg,
    request_uris: strings(row.requestUris),
    request_object_signing_alg: row.requestObjectSigningAlg,
    userinfo_signed_response_alg: row.userinfoSignedResponseAlg,
    frontchannel_logout_uri: row.frontchannelLogoutUri,
    frontchannel_logout_session_required: row.frontchannelLogoutSessionRequired,
    post_logout_redirect_uris: strings(row.postLogoutRedirectUris),
    backchannel_logout_uri: row.backchannelLogoutUri,
    backchannel_logout_session_required: row.backchannelLogoutSessionRequired,
    metadata: object(row.metadata),
    access_token_strategy: row.accessTokenStrategy,
    skip_consent: row.skipConsent,
    skip_logout_consent: row.skipLogoutConsent,
    created_at: formatTimestamp(row.createdAt),
    updated_at: formatTimestamp(row.updatedAt),
    ...(Object.fromEntries(LIFESPAN_FIELDS.map((f) => [f, typeof lifespans[f] === 'string' ? lifespans[f] : null])) as ClientLifespans),
  };
  return { client, secretHash: row.secretHash, rotatedSecretHashes: strings(row.rotatedSecretHashes) };
}

const isUniqueViolation = (err: unknown) => (err as { code?: unknown })?.code === 'P2002';

export class PrismaClientRepository implements ClientRepository {
  constructor(readonly prisma: PrismaClient) {}

  async insert(record: StoredClient): Promise<void> {
    try {
      await this.prisma.client.create({ data: toData(record) });
    } catch (err) {
      if (isUniqueViolation(err)) throw new DuplicateClientError(record.client.client_id);
      throw err;
    }
  }

  async update(record: StoredClient): Promise<boolean> {
    const { id, createdAt: _createdAt, ...data } = toData(record);
    const { count } = await this.prisma.client.updateMany({ where: { id }, data });
    return count > 0;
  }

  async get(id: string): Promise<StoredClient | undefined> {
    const row = await this.prisma.client.findUnique({ where: { id } });
    return row ? fromRow(row) : undefined;
  }

  async getMany(ids: readonly string[]): Promise<StoredClient[]> {
    const rows = await this.prisma.client.findMany({ where: { id: { in: [...ids] } } });
    return rows.map(fromRow);
  }

  async list({ filter, afterId, limit }: ClientListQuery): Promise<{ items: StoredClient[]; total: number }> {
    const where = {
      ...(filter.client_name ? { clientName: filter.client_name } : {}),
      ...(filter.owner ? { owner: filter.owner } : {}),
    };
    const [rows, total] = await Promise.all([
      this.prisma.client.findMany({
        where: afterId !== undefined ? { ...where, id: { gt: afterId } } : where,
        orderBy: { id: 'asc' },
        take: limit,
      }),
      this.prisma.client.count({ where }),
    ]);
    return { items: rows.map(fromRow), total };
  }

  async delete(id: string): Promise<boolean> {
    const { count } = await this.prisma.client.deleteMany({ where: { id } });
    return count > 0;
  }
}
