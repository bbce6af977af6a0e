// Clients in the `clients` table. Lists and documents are JSON columns; the
// secret exists only as bcrypt hashes (secret_hash, rotated_secret_hashes).
import type { PrismaClient } from './database.js';
import { column, strings, type Sql } from './sql.js';
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
    registrationAccessTokenHash: record.registrationAccessTokenHash,
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
  return {
    client,
    secretHash: row.secretHash,
    rotatedSecretHashes: strings(row.rotatedSecretHashes),
    registrationAccessTokenHash: row.registrationAccessTokenHash,
  };
}

const isUniqueViolation = (err: unknown) => (err as { code?: unknown })?.code === 'P2002';

/**
 * Row fields and their columns, for the plain-SQL read on the token
 * endpoint's hot path: the same Row Prisma would return, so fromRow serves both.
 */
const COLUMNS: [keyof Row, string, 'text' | 'json' | 'bool' | 'date'][] = [
  ['id', 'id', 'text'], ['clientName', 'client_name', 'text'], ['secretHash', 'secret_hash', 'text'],
  ['rotatedSecretHashes', 'rotated_secret_hashes', 'json'], ['secretExpiresAt', 'secret_expires_at', 'text'],
  ['redirectUris', 'redirect_uris', 'json'], ['grantTypes', 'grant_types', 'json'], ['responseTypes', 'response_types', 'json'],
  ['scope', 'scope', 'text'], ['audience', 'audience', 'json'], ['owner', 'owner', 'text'], ['policyUri', 'policy_uri', 'text'],
  ['allowedCorsOrigins', 'allowed_cors_origins', 'json'], ['tosUri', 'tos_uri', 'text'], ['clientUri', 'client_uri', 'text'],
  ['logoUri', 'logo_uri', 'text'], ['contacts', 'contacts', 'json'], ['subjectType', 'subject_type', 'text'],
  ['sectorIdentifierUri', 'sector_identifier_uri', 'text'], ['jwksUri', 'jwks_uri', 'text'], ['jwks', 'jwks', 'json'],
  ['tokenEndpointAuthMethod', 'token_endpoint_auth_method', 'text'], ['tokenEndpointAuthSigningAlg', 'token_endpoint_auth_signing_alg', 'text'],
  ['requestUris', 'request_uris', 'json'], ['requestObjectSigningAlg', 'request_object_signing_alg', 'text'],
  ['userinfoSignedResponseAlg', 'userinfo_signed_response_alg', 'text'], ['frontchannelLogoutUri', 'frontchannel_logout_uri', 'text'],
  ['frontchannelLogoutSessionRequired', 'frontchannel_logout_session_required', 'bool'],
  ['postLogoutRedirectUris', 'post_logout_redirect_uris', 'json'], ['backchannelLogoutUri', 'backchannel_logout_uri', 'text'],
  ['backchannelLogoutSessionRequired', 'backchannel_logout_session_required', 'bool'], ['metadata', 'metadata', 'json'],
  ['accessTokenStrategy', 'access_token_strategy', 'text'], ['skipConsent', 'skip_consent', 'bool'],
  ['skipLogoutConsent', 'skip_logout_consent', 'bool'], ['registrationAccessTokenHash', 'registration_access_token_hash', 'text'],
  ['lifespans', 'lifespans', 'json'], ['createdAt', 'created_at', 'date'], ['updatedAt', 'updated_at', 'date'],
];
const SELECT_BY_ID = `SELECT revision, ${COLUMNS.map(([, c]) => c).join(', ')} FROM clients WHERE id = ?`;
const SELECT_REVISION = 'SELECT revision FROM clients WHERE id = ?';

/** Decoded clients kept per process; a row's revision says whether one is current. */
const DECODED_CLIENTS_KEPT = 1000;

function rowFromSql(raw: Record<string, unknown>): Row {
  const row: Record<string, unknown> = {};
  for (const [field, name, kind] of COLUMNS) {
    const value = raw[name];
    if (value === null || value === undefined) row[field] = null;
    else if (kind === 'json') row[field] = column.json(value);
    else if (kind === 'bool') row[field] = column.bool(value);
    else if (kind === 'date') row[field] = column.date(value);
    else row[field] = field === 'secretExpiresAt' ? Number(value) : value;
  }
  return row as Row;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

export class PrismaClientRepository implements ClientRepository {
  /** Insertion-ordered, so the first key is the least recently used. */
  private readonly decoded = new Map<string, { revision: number; client: StoredClient }>();

  constructor(
    readonly prisma: PrismaClient,
    private readonly sql: Sql,
  ) {}

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
    const { count } = await this.prisma.client.updateMany({ where: { id }, data: { ...data, revision: { increment: 1 } } });
    return count > 0;
  }

  /**
   * Read on every token request, hence plain SQL (see sql.ts). Decoding the
   * row (forty columns, a dozen of them JSON) costs more than reading it, so
   * a decoded client is kept and reused while its row's revision is the one
   * it was decoded from: the database still answers every call, so an update
   * or delete made by any instance counts at once. The record is frozen, as
   * every caller shares it.
   */
  async get(id: string): Promise<StoredClient | undefined> {
    const kept = this.decoded.get(id);
    if (kept) {
      const [current] = await this.sql.all<{ revision: unknown }>(SELECT_REVISION, [id]);
      this.decoded.delete(id);
      if (!current) return undefined;
      if (Number(current.revision) === kept.revision) {
        this.decoded.set(id, kept);
        return kept.client;
      }
    }
    const [raw] = await this.sql.all<Record<string, unknown>>(SELECT_BY_ID, [id]);
    if (!raw) return undefined;
    const client = deepFreeze(fromRow(rowFromSql(raw)));
    this.decoded.set(id, { revision: Number(raw.revision), client });
    if (this.decoded.size > DECODED_CLIENTS_KEPT) this.decoded.delete(this.decoded.keys().next().value!);
    return client;
  }

  async getMany(ids: readonly string[]): Promise<StoredClient[]> {
    const rows = await this.prisma.client.findMany({ where: { id: { in: [...ids] } } });
    return rows.map(fromRow);
  }

  async list({ filter, afterId, offset, limit }: ClientListQuery): Promise<{ items: StoredClient[]; total: number }> {
    const where = {
      ...(filter.client_name ? { clientName: filter.client_name } : {}),
      ...(filter.owner ? { owner: filter.owner } : {}),
    };
    const [rows, total] = await Promise.all([
      this.prisma.client.findMany({
        where: afterId !== undefined ? { ...where, id: { gt: afterId } } : where,
        orderBy: { id: 'asc' },
        ...(offset ? { skip: offset } : {}),
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
