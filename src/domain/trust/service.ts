// Trusted JWT-bearer issuers (Hydra's oauth2/trust handler and SQL persister):
// the admin operations, and the key lookup the jwt-bearer grant verifies
// assertions with. The REST and GraphQL edges only translate.
import { malformed } from '../client/errors.js';
import { roundToSecond } from '../client/wire.js';
import { uuidV7 } from '../crypto/ids.js';
import { conflict, notFound } from '../errors.js';
import { decodePageToken, keysetPage, pageSize, type Page, type PageRequest } from '../pagination.js';
import type { TrustedJwtIssuer, TrustedJwtIssuerFilter } from './model.js';
import { DuplicateTrustError, type TrustRepository } from './repository.js';
import { decodeTrustRequest } from './validator.js';

export interface TrustServiceOptions {
  now?: () => Date;
}

/** Hydra looks at no more than this many keys of one issuer for an assertion without kid. */
const MAX_KEYS_PER_ASSERTION = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class TrustService {
  private readonly now: () => Date;

  constructor(
    private readonly repo: TrustRepository,
    options: TrustServiceOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** Trusts an issuer's key; (issuer, subject, kid) may be trusted once (409 otherwise, as in Hydra). */
  async trust(body: unknown): Promise<TrustedJwtIssuer> {
    const draft = decodeTrustRequest(body);
    const trust: TrustedJwtIssuer = {
      id: uuidV7(),
      issuer: draft.issuer,
      subject: draft.subject,
      allowAnySubject: draft.allowAnySubject,
      scope: draft.scope,
      publicJwk: draft.jwk,
      createdAt: roundToSecond(this.now()),
      expiresAt: roundToSecond(draft.expiresAt),
    };
    try {
      await this.repo.insert(trust);
    } catch (err) {
      if (err instanceof DuplicateTrustError) throw conflict('');
      throw err;
    }
    return trust;
  }

  async get(id: string): Promise<TrustedJwtIssuer> {
    const trust = await this.repo.get(parseId(id));
    if (!trust) throw notFound();
    return trust;
  }

  async delete(id: string): Promise<void> {
    if (!(await this.repo.delete(parseId(id)))) throw notFound();
  }

  async list(filter: TrustedJwtIssuerFilter, page: PageRequest): Promise<Page<TrustedJwtIssuer>> {
    const size = pageSize(page.pageSize);
    const afterId = decodePageToken(page.pageToken);
    const { items, total } = await this.repo.list({
      filter: filter.issuer ? { issuer: filter.issuer } : {},
      ...(afterId && { afterId }),
      limit: size + 1,
    });
    return keysetPage(items, size, total, (trust) => trust.id);
  }

  /**
   * The unexpired trusts that may have signed an assertion from `issuer`
   * about `subject`: the one of `keyId` when the assertion names it, else
   * the issuer's newest ones.
   */
  trustedKeys(issuer: string, subject: string, keyId: string | undefined, now: Date): Promise<TrustedJwtIssuer[]> {
    return this.repo.findActive({ issuer, subject, keyId, now, limit: keyId ? 1 : MAX_KEYS_PER_ASSERTION });
  }
}

/** Hydra parses the path id as a UUID first: anything else is a 400, not a 404. */
function parseId(id: string): string {
  if (UUID.test(id)) return id.toLowerCase();
  const reason = id.length === 36 ? `uuid: incorrect UUID format in string ${JSON.stringify(id)}` : `uuid: incorrect UUID length ${id.length} in string ${JSON.stringify(id)}`;
  throw malformed(`Unable to parse parameter id: ${reason}`);
}
