// Login and consent sessions: what the browser flow remembers, and Hydra's
// admin operations on them (list and revoke consent sessions, revoke login
// sessions). The consent request snapshot and the session claims are sealed
// at rest, bound to their consent request id.
import type { OAuth2Client } from '../client/model.js';
import type { Aead } from '../crypto/aead.js';
import { decodePageToken, encodePageToken, pageSize, type Page, type PageRequest } from '../pagination.js';
import { invalidRequest } from '../oauth2/errors.js';
import { consentSessionJson, type Json } from '../flow/wire.js';
import type { ConsentSession, LoginSession } from './model.js';
import type { ConsentRevocation, ConsentSessionRepository, LoginSessionRepository, StoredConsentSession } from './repository.js';

export interface SessionServiceDeps {
  loginSessions: LoginSessionRepository;
  consentSessions: ConsentSessionRepository;
  /** Aead for consent session contents. */
  aead: Aead;
  /** Current clients by id, one query for all (listing shows the client as it is now). */
  clients(ids: readonly string[]): Promise<Map<string, OAuth2Client>>;
  now?: () => Date;
}

export interface ConsentSessionFilter {
  subject?: string;
  loginSessionId?: string;
}

/** DELETE /admin/oauth2/auth/sessions/consent query, as sent. */
export interface ConsentRevocationRequest {
  subject?: string;
  client?: string;
  all?: boolean;
  consentRequestId?: string;
}

export class SessionService {
  private readonly now: () => Date;

  constructor(private readonly deps: SessionServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  rememberedLogin(sid: string): Promise<LoginSession | undefined> {
    return this.deps.loginSessions.findRemembered(sid);
  }

  confirmLogin(session: LoginSession): Promise<void> {
    return this.deps.loginSessions.upsert(session);
  }

  /** Deletes the login session; false when there was none (already logged out, revoked or expired). */
  async forgetLogin(sid: string): Promise<boolean> {
    return (await this.deps.loginSessions.delete(sid)) !== undefined;
  }

  /**
   * The clients the subject used within a login session, as they are now.
   * Read before the login session is deleted: deleting it detaches its
   * consent sessions (Hydra reads its flows the same way).
   */
  async clientsOfLoginSession(subject: string, sid: string): Promise<OAuth2Client[]> {
    const ids = await this.deps.consentSessions.clientIdsOfLoginSession(subject, sid);
    if (ids.length === 0) return [];
    return [...(await this.deps.clients(ids)).values()];
  }

  /** The consent a skip is decided on: only the latest remembered, non-skipped, unexpired one (Hydra). */
  latestRememberedConsent(subject: string, clientId: string): Promise<Pick<ConsentSession, 'grantedScope' | 'consentRequestId'> | undefined> {
    return this.deps.consentSessions.findLatestRemembered(subject, clientId, this.now());
  }

  /** Throws ConsentSessionExistsError when the flow already has a consent session. */
  recordConsent(session: ConsentSession): Promise<void> {
    const { request, session: claims, ...rest } = session;
    return this.deps.consentSessions.insert({
      ...rest,
      encryptedRequest: this.deps.aead.encrypt(JSON.stringify(request), session.consentRequestId),
      encryptedSession: this.deps.aead.encrypt(JSON.stringify(claims), session.consentRequestId),
    });
  }

  /** Hydra's listOAuth2ConsentSessions: granted, non-skipped, unexpired consents of a subject, keyset-paged. */
  async listConsentSessions(filter: ConsentSessionFilter, page: PageRequest): Promise<Page<Json>> {
    const found = await this.listConsentSessionsWithoutClients(filter, page);
    const clients = await this.deps.clients(found.items.map((s) => s.clientId));
    return { ...found, items: found.items.map((s) => consentSessionJson(s, clients.get(s.clientId))) };
  }

  /**
   * The same listing, same rules and pages, as opened sessions without their
   * clients, for callers that load clients themselves (GraphQL batches them).
   * A session's page token (cursor) is encodePageToken(session.id).
   */
  async listConsentSessionsWithoutClients(filter: ConsentSessionFilter, page: PageRequest): Promise<Page<ConsentSession>> {
    if (!filter.subject) throw invalidRequest("Query parameter 'subject' is not defined but should have been.");
    const size = pageSize(page.pageSize);
    const afterId = decodePageToken(page.pageToken);
    const rows = await this.deps.consentSessions.list({
      subject: filter.subject,
      ...(filter.loginSessionId ? { loginSessionId: filter.loginSessionId } : {}),
      ...(afterId ? { afterId } : {}),
      limit: size + 1,
      now: this.now(),
    });
    const shown = rows.slice(0, size).map((row) => this.open(row));
    const result: Page<ConsentSession> = { items: shown, total: shown.length, pageSize: size };
    if (rows.length > size) result.nextPageToken = encodePageToken(shown.at(-1)!.id);
    return result;
  }

  /** Revokes consent sessions and every token they produced; no error when nothing matched. */
  async revokeConsentSessions(request: ConsentRevocationRequest): Promise<void> {
    await this.deps.consentSessions.revoke(revocationOf(request));
  }

  /** Revokes login sessions by sid (preferred) or subject; tokens and consents stay (Hydra). */
  async revokeLoginSessions(request: { subject?: string; sid?: string }): Promise<void> {
    if (request.sid) {
      await this.deps.loginSessions.delete(request.sid);
      return;
    }
    if (request.subject) {
      await this.deps.loginSessions.deleteBySubject(request.subject);
      return;
    }
    throw invalidRequest("Either 'subject' or 'sid' query parameters need to be defined.");
  }

  private open(row: StoredConsentSession): ConsentSession {
    const { encryptedRequest, encryptedSession, ...rest } = row;
    return {
      ...rest,
      request: JSON.parse(this.deps.aead.decrypt(encryptedRequest, row.consentRequestId)) as ConsentSession['request'],
      session: JSON.parse(this.deps.aead.decrypt(encryptedSession, row.consentRequestId)) as ConsentSession['session'],
    };
  }
}

/** Hydra's accepted combinations; anything else is a 400. */
function revocationOf({ subject, client, all, consentRequestId }: ConsentRevocationRequest): ConsentRevocation {
  if (consentRequestId && !subject && !client) return { consentRequestId };
  if (!consentRequestId && subject && client && !all) return { subject, clientId: client };
  if (!consentRequestId && subject && !client && all) return { subject };
  throw invalidRequest('Invalid combination of query parameters.');
}
