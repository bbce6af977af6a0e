// OAuth 2.0 clients as Hydra manages them (client/handler.go and the SQL
// persister): every rule of creating, replacing, patching, rotating and
// authenticating lives here; the REST and GraphQL edges only translate.
import { randomUUID } from 'node:crypto';
import { conflict, notFound } from '../errors.js';
import { decodePageToken, keysetPage, MAX_PAGE_SIZE, pageSize, type Page, type PageRequest } from '../pagination.js';
import { decodeClient, decodeLifespans, type ClientDraft } from './decode.js';
import { invalidClient, malformed } from './errors.js';
import type { ClientFilter, ClientLifespans, OAuth2Client, OAuth2ClientInput } from './model.js';
import { applyClientPatch } from './patch.js';
import { assertSelfRegistrable, refuseChosenSecret } from './registration.js';
import { issueRegistrationToken } from './registration-token.js';
import { DuplicateClientError, type ClientRecord, type ClientRepository, type StoredClient } from './repository.js';
import { generateSecret, hashSecret, matchesAnyHash } from './secret.js';
import type { RemoteMetadataValidator } from './remote-metadata.js';
import { SecretCheckCache } from './secret-cache.js';
import { DEFAULT_VALIDATOR_OPTIONS, validateClient, type ValidatorOptions } from './validator.js';
import { formatTimestamp, roundToSecond, toHydraJson } from './wire.js';

export interface JsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  value?: unknown;
  from?: string;
}

export interface ClientServiceOptions {
  bcryptCost: number;
  /** `oidc.dynamic_client_registration.default_scope`; empty or absent: Hydra's default (offline_access offline openid). */
  defaultScope?: readonly string[];
  /** `oidc.subject_identifiers.supported_types`; default ['public']. */
  subjectTypes?: readonly string[];
  /** `strategies.access_token`; default 'opaque'. */
  accessTokenStrategy?: string;
  /** For tests: the clock. */
  now?: () => Date;
  /** Remembers successful secret checks; one per service by default. */
  secretCheckCache?: SecretCheckCache;
  /** The checks that need the network (sector_identifier_uri, private addresses); none when absent. */
  remoteMetadata?: RemoteMetadataValidator;
  /** Public URL of /oauth2/register; a client's registration_client_uri is this plus its id. */
  registrationEndpoint?: string;
}

/** `dynamic`: the request comes through OpenID Connect Dynamic Client Registration (registration.ts). */
export interface WriteMode {
  dynamic?: boolean;
  /** The client as already read by the caller (registration authenticates with it), so it is not read again. */
  previous?: StoredClient;
}

/** Hydra keeps this many rotated secrets. */
const MAX_ROTATED_SECRETS = 5;
const ROTATABLE_METHODS = ['client_secret_basic', 'client_secret_post'];
/** Hydra v1's default page size for GET /clients. */
const V1_DEFAULT_LIMIT = 100;

export class ClientService {
  private readonly validatorOptions: ValidatorOptions;
  private readonly now: () => Date;
  private readonly checked: SecretCheckCache;

  constructor(
    private readonly repo: ClientRepository,
    private readonly options: ClientServiceOptions,
  ) {
    this.validatorOptions = {
      defaultScope: options.defaultScope?.length ? options.defaultScope : DEFAULT_VALIDATOR_OPTIONS.defaultScope,
      subjectTypes: options.subjectTypes ?? DEFAULT_VALIDATOR_OPTIONS.subjectTypes,
      accessTokenStrategy: options.accessTokenStrategy ?? DEFAULT_VALIDATOR_OPTIONS.accessTokenStrategy,
    };
    this.now = options.now ?? (() => new Date());
    this.checked = options.secretCheckCache ?? new SecretCheckCache();
  }

  /**
   * Validates, generates id/secret when absent, hashes the secret; the result
   * carries the plaintext secret and the registration access token once (Hydra
   * issues one to every client, whichever API created it).
   */
  async create(input: OAuth2ClientInput, mode: WriteMode = {}): Promise<OAuth2Client> {
    const draft = decodeClient(input);
    if (mode.dynamic) {
      refuseChosenSecret(draft, 'register');
      draft.client_id = randomUUID();
    }
    // Hydra generates a secret before validating; a public client never gets one shown.
    if (draft.client_secret === '' && draft.token_endpoint_auth_method !== 'none') draft.client_secret = generateSecret();
    if (mode.dynamic) assertSelfRegistrable(input, draft);
    await this.validate(draft);
    if (draft.client_id === '') draft.client_id = randomUUID();
    const registration = issueRegistrationToken();

    const timestamp = formatTimestamp(roundToSecond(this.now()));
    const { client_secret: secret, ...fields } = draft;
    const record: StoredClient = {
      client: { ...fields, created_at: timestamp, updated_at: timestamp },
      secretHash: secret ? await hashSecret(secret, this.options.bcryptCost) : null,
      rotatedSecretHashes: [],
      registrationAccessTokenHash: registration.hash,
    };
    try {
      await this.repo.insert(record);
    } catch (err) {
      if (err instanceof DuplicateClientError) throw conflict('');
      throw err;
    }
    const created = withSecret(record.client, record.client.token_endpoint_auth_method === 'none' ? '' : secret);
    return { ...created, ...this.registrationLinks(created.client_id, registration.token) };
  }

  /** registration_client_uri (and the token when one was just issued); nothing without a registration endpoint. */
  registrationLinks(id: string, token?: string): Pick<OAuth2Client, 'registration_access_token' | 'registration_client_uri'> {
    const links: Pick<OAuth2Client, 'registration_access_token' | 'registration_client_uri'> = {};
    if (token) links.registration_access_token = token;
    const endpoint = this.options.registrationEndpoint;
    if (endpoint) links.registration_client_uri = `${endpoint.replace(/\/+$/, '')}/${encodeURIComponent(id)}`;
    return links;
  }

  async get(id: string): Promise<OAuth2Client> {
    return { ...(await this.stored(id)).client };
  }

  /** For DataLoader: one query for many ids; missing ids are absent from the map. */
  async getMany(ids: readonly string[]): Promise<Map<string, OAuth2Client>> {
    const unique = [...new Set(ids)];
    const found = unique.length ? await this.repo.getMany(unique) : [];
    return new Map(found.map((s) => [s.client.client_id, { ...s.client }]));
  }

  async list(filter: ClientFilter, page: PageRequest): Promise<Page<OAuth2Client>> {
    const size = pageSize(page.pageSize);
    const afterId = decodePageToken(page.pageToken);
    const { items, total } = await this.repo.list({ filter: cleanFilter(filter), ...(afterId ? { afterId } : {}), limit: size + 1 });
    return keysetPage(items.map((s): OAuth2Client => ({ ...s.client })), size, total, (client) => client.client_id);
  }

  /**
   * Hydra v1's offset pagination (ory/x pagination.Parse): a missing or
   * unusable limit is 100, at most 500; a negative offset is 0. In id order.
   */
  async listByOffset(filter: ClientFilter, { limit, offset }: { limit?: number; offset?: number }) {
    const size = limit !== undefined && Number.isInteger(limit) && limit > 0 ? Math.min(limit, MAX_PAGE_SIZE) : V1_DEFAULT_LIMIT;
    // Clamped so that an absurd offset is an empty page, not a database error.
    const skip = offset !== undefined && Number.isInteger(offset) && offset > 0 ? Math.min(offset, Number.MAX_SAFE_INTEGER) : 0;
    const { items, total } = await this.repo.list({ filter: cleanFilter(filter), offset: skip, limit: size });
    return { items: items.map((s): OAuth2Client => ({ ...s.client })), total, limit: size, offset: skip };
  }

  /**
   * PUT: replaces every field; the secret changes only when one is given. A
   * dynamic replacement may not choose a secret and gets a new registration
   * access token (the presented one stops working), as in Hydra.
   */
  async replace(id: string, input: OAuth2ClientInput, mode: WriteMode = {}): Promise<OAuth2Client> {
    const draft = decodeClient(input);
    draft.client_id = id;
    if (!mode.dynamic) return this.update(draft);
    refuseChosenSecret(draft, 'update');
    assertSelfRegistrable(input, draft);
    const registration = issueRegistrationToken();
    const replaced = await this.update(draft, mode.previous, { registrationTokenHash: registration.hash });
    return { ...replaced, ...this.registrationLinks(id, registration.token) };
  }

  /** RFC 6902 JSON Patch over the client as shown; a patched client_secret replaces the secret and drops rotated ones. */
  async patch(id: string, operations: JsonPatchOperation[]): Promise<OAuth2Client> {
    const previous = await this.stored(id);
    const patched = applyClientPatch(toHydraJson(previous.client), operations);
    const draft = decodeClient(patched);
    draft.client_id = id;
    return this.update(draft, previous);
  }

  async delete(id: string): Promise<void> {
    if (!(await this.repo.delete(id))) throw notFound();
  }

  /** Hydra's lifespans endpoint: replaces all lifespans (absent ones become null, i.e. the default). */
  async setLifespans(id: string, lifespans: Partial<ClientLifespans>): Promise<OAuth2Client> {
    const previous = await this.stored(id);
    const decoded = decodeLifespans(lifespans);
    return this.update({ ...draftOf(previous.client), ...decoded }, previous);
  }

  /** New secret returned once; the old one keeps working until deleteRotatedSecrets. */
  async rotateSecret(id: string): Promise<OAuth2Client> {
    const previous = await this.stored(id);
    assertRotatable(previous.client);
    const rotated = previous.secretHash
      ? [previous.secretHash, ...previous.rotatedSecretHashes.slice(0, MAX_ROTATED_SECRETS - 1)]
      : previous.rotatedSecretHashes;
    const draft = { ...draftOf(previous.client), client_secret: generateSecret() };
    return this.update(draft, previous, { rotated });
  }

  async deleteRotatedSecrets(id: string): Promise<void> {
    await this.clearRotatedSecrets(id);
  }

  /** deleteRotatedSecrets answering with the client, as Hydra's REST endpoint does. */
  async clearRotatedSecrets(id: string): Promise<OAuth2Client> {
    const previous = await this.stored(id);
    assertRotatable(previous.client);
    return this.update(draftOf(previous.client), previous, { rotated: [] });
  }

  /**
   * Checks a client's secret against its current and rotated secrets. A
   * success is remembered briefly (keyed hash, bound to the stored hash) so
   * that bcrypt runs once per client and secret, not once per request.
   */
  async authenticate(id: string, secret: string): Promise<OAuth2Client> {
    const stored = await this.repo.get(id);
    if (!stored || !(await this.secretMatches(stored, secret))) throw invalidClient();
    return { ...stored.client };
  }

  /** The client as stored, or undefined: for the token layer, which authenticates by other means too. */
  async find(id: string): Promise<StoredClient | undefined> {
    return this.repo.get(id);
  }

  async secretMatches(stored: StoredClient, secret: string): Promise<boolean> {
    const id = stored.client.client_id;
    const hashes = [stored.secretHash, ...stored.rotatedSecretHashes].filter((h): h is string => !!h);
    if (hashes.some((hash) => this.checked.has(id, hash, secret))) return true;
    for (const hash of hashes) {
      if (await matchesAnyHash(secret, [hash])) {
        this.checked.remember(id, hash, secret);
        return true;
      }
    }
    return false;
  }

  private async stored(id: string): Promise<StoredClient> {
    const stored = await this.repo.get(id);
    if (!stored) throw notFound();
    return stored;
  }

  /** Hydra's validator: the local rules first (they fill defaults), then those that need the network. */
  private async validate(draft: ClientDraft): Promise<void> {
    validateClient(draft, this.validatorOptions);
    await this.options.remoteMetadata?.validate(draft);
  }

  /**
   * Hydra's updateClient + UpdateClient: validate, then keep the stored secret
   * (and rotated ones, unless `rotated` says otherwise) when none is given, or
   * hash the new one and drop rotated secrets. The registration token is kept
   * unless a new one's hash is given. The given secret is echoed.
   */
  private async update(
    draft: ClientDraft,
    previous?: StoredClient,
    { rotated, registrationTokenHash }: { rotated?: string[]; registrationTokenHash?: string } = {},
  ): Promise<OAuth2Client> {
    await this.validate(draft);
    previous ??= await this.stored(draft.client_id);
    const { client_secret: secret, ...fields } = draft;
    const record: StoredClient = {
      client: {
        ...fields,
        client_id: previous.client.client_id,
        created_at: previous.client.created_at,
        updated_at: formatTimestamp(roundToSecond(this.now())),
      },
      secretHash: secret ? await hashSecret(secret, this.options.bcryptCost) : previous.secretHash,
      rotatedSecretHashes: rotated ?? (secret ? [] : previous.rotatedSecretHashes),
      registrationAccessTokenHash: registrationTokenHash ?? previous.registrationAccessTokenHash,
    };
    if (!(await this.repo.update(record))) throw notFound();
    return withSecret(record.client, secret);
  }
}

/** Only the filters that say something (an empty name filters nothing). */
function cleanFilter(filter: ClientFilter): ClientFilter {
  const clean: ClientFilter = {};
  if (filter.client_name) clean.client_name = filter.client_name;
  if (filter.owner) clean.owner = filter.owner;
  return clean;
}

function withSecret(client: ClientRecord, secret: string): OAuth2Client {
  return secret ? { ...client, client_secret: secret } : { ...client };
}

function draftOf(client: ClientRecord): ClientDraft {
  const { created_at: _c, updated_at: _u, ...fields } = client;
  return { ...structuredClone(fields), client_secret: '' };
}

function assertRotatable(client: ClientRecord): void {
  const method = client.token_endpoint_auth_method || 'client_secret_basic';
  if (!ROTATABLE_METHODS.includes(method)) {
    throw malformed(`The client is configured to use the ${JSON.stringify(method)} authentication method, which does not support client secret rotation.`);
  }
}
