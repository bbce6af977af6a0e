// OpenID Connect Back-Channel Logout 1.0 as Hydra sends it: one logout token
// per client (signed like ID tokens: the ID token key set, typ JWT, kid;
// claims iss, aud, iat, jti, events and sid — Hydra always sends sid), POSTed
// as a form to the client's backchannel_logout_uri. The user's redirect never
// waits for the clients: requests run in the background, failures are logged.
// Client URLs go through the shared outbound client, which refuses private
// networks when clients.http.disallow_private_ip_ranges is set.
import { randomUUID } from 'node:crypto';
import type { OAuth2Client } from '../client/model.js';
import type { OutboundHttp } from '../outbound/http.js';

const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';
/** Hydra gives each back-channel request 30 seconds. */
const TIMEOUT_MS = 30_000;

export interface BackChannelLog {
  info(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export interface BackChannelLogoutDeps {
  issuer: string;
  /** Signs with the ID token key set (token/id-token.ts signWithIdTokenKey). */
  sign(claims: Record<string, unknown>): Promise<string>;
  http: Pick<OutboundHttp, 'fetch'>;
  log: BackChannelLog;
  now?: () => Date;
}

export class BackChannelLogout {
  private readonly now: () => Date;

  constructor(private readonly deps: BackChannelLogoutDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /**
   * Signs a logout token for each client with a backchannel_logout_uri (a
   * signing failure is a misconfiguration and fails the logout, as in Hydra),
   * then sends them without waiting. Returns the deliveries, for callers that
   * want to wait (tests); the logout itself does not.
   */
  async notify(clients: readonly OAuth2Client[], sid: string): Promise<Promise<void>[]> {
    const targets = clients.filter((c) => c.backchannel_logout_uri !== '');
    const tokens = await Promise.all(targets.map((client) => this.deps.sign(this.claims(client, sid))));
    return targets.map((client, i) => this.deliver(client, tokens[i]!));
  }

  private claims(client: OAuth2Client, sid: string): Record<string, unknown> {
    return {
      iss: this.deps.issuer,
      aud: [client.client_id],
      iat: Math.floor(this.now().getTime() / 1000),
      jti: randomUUID(),
      events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
      sid,
    };
  }

  private async deliver(client: OAuth2Client, token: string): Promise<void> {
    const fields = { client_id: client.client_id, backchannel_logout_url: client.backchannel_logout_uri };
    try {
      const res = await this.deps.http.fetch(client.backchannel_logout_uri, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ logout_token: token }).toString(),
        timeoutMs: TIMEOUT_MS,
      });
      await res.body?.cancel();
      if (res.status !== 200 && res.status !== 204) {
        this.deps.log.error('back-channel logout request failed', { ...fields, error: `expected HTTP status code 200 or 204 but got ${res.status}` });
        return;
      }
      this.deps.log.info('back-channel logout request sent', fields);
    } catch (err) {
      this.deps.log.error('back-channel logout request failed', { ...fields, error: (err as Error).message });
    }
  }
}
