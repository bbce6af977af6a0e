// The browser cookies of the flow, named and dressed as Hydra's: the
// authentication session cookie ({sid}), the per-client login and consent
// CSRF cookies ({csrf}) and the logout CSRF cookie ({csrf}). Values are sealed (Aead purpose 'cookie', under
// secrets.cookie or else the system secrets) with the cookie's name as
// associated data, so a value cannot be replayed under another client's or
// another kind's name.
import type { Aead } from '../crypto/aead.js';
import { murmur3x86_32 } from './murmur3.js';

export type SameSite = 'Strict' | 'Lax' | 'None';

export interface CookieToSet {
  name: string;
  value: string;
  /** Seconds; 0 deletes the cookie. */
  maxAge: number;
  path: string;
  domain?: string;
  httpOnly: true;
  secure: boolean;
  sameSite?: SameSite;
}

/** Cookies sent by the browser, by name. */
export type RequestCookies = Readonly<Record<string, string>>;

export interface CookieSettings {
  dev: boolean;
  /** serve.cookies.secure: only matters in dev mode; Secure is forced otherwise. */
  secureInDev: boolean;
  sameSiteMode: SameSite;
  /** SameSite=None needs https; over an http issuer Hydra falls back to Lax. */
  issuerIsHttps: boolean;
  domain: string;
  names: { session: string; loginCsrf: string; consentCsrf: string; logoutCsrf: string; deviceCsrf: string };
  sessionPath: string;
  /** ttl.login_consent_request, seconds: CSRF cookies live as long as a flow. */
  csrfMaxAge: number;
}

export type CsrfKind = 'login' | 'consent' | 'logout' | 'device';

export class FlowCookies {
  constructor(
    private readonly aead: Aead,
    private readonly settings: CookieSettings,
  ) {}

  private get devSuffix(): string {
    return this.settings.dev ? '_dev' : '';
  }

  get sessionName(): string {
    return `${this.settings.names.session}${this.devSuffix}`;
  }

  /**
   * Hydra's per-client name: base + [_dev] + _ + murmur3(client_id). A logout
   * ends the browser's session for every client (and may have no client), and
   * a device verification starts before any client is known, so their cookies
   * have one name each: base + [_dev].
   */
  csrfName(kind: CsrfKind, clientId: string): string {
    if (kind === 'logout') return `${this.settings.names.logoutCsrf}${this.devSuffix}`;
    if (kind === 'device') return `${this.settings.names.deviceCsrf}${this.devSuffix}`;
    const base = kind === 'login' ? this.settings.names.loginCsrf : this.settings.names.consentCsrf;
    return `${base}${this.devSuffix}_${murmur3x86_32(clientId)}`;
  }

  csrfCookie(kind: CsrfKind, clientId: string, csrf: string): CookieToSet {
    const name = this.csrfName(kind, clientId);
    return this.cookie(name, this.seal(name, { csrf }), this.settings.csrfMaxAge, '/');
  }

  sessionCookie(sid: string, maxAge: number): CookieToSet {
    return this.cookie(this.sessionName, this.seal(this.sessionName, { sid }), maxAge, this.settings.sessionPath);
  }

  clearedSessionCookie(): CookieToSet {
    return this.cookie(this.sessionName, '', 0, this.settings.sessionPath);
  }

  /** The sid of the browser's session cookie, or undefined when absent or unreadable. */
  readSessionId(cookies: RequestCookies): string | undefined {
    const opened = this.open(this.sessionName, cookies[this.sessionName]);
    return opened && typeof opened.value.sid === 'string' && opened.value.sid !== '' ? opened.value.sid : undefined;
  }

  /** 'absent' when no cookie, 'unreadable' when it does not open, else its csrf value ('' when missing). */
  readCsrf(kind: CsrfKind, clientId: string, cookies: RequestCookies): { status: 'absent' | 'unreadable' } | { status: 'ok'; csrf: string } {
    const name = this.csrfName(kind, clientId);
    const raw = cookies[name];
    if (raw === undefined || raw === '') return { status: 'absent' };
    const opened = this.open(name, raw);
    if (!opened) return { status: 'unreadable' };
    return { status: 'ok', csrf: typeof opened.value.csrf === 'string' ? opened.value.csrf : '' };
  }

  private cookie(name: string, value: string, maxAge: number, path: string): CookieToSet {
    const s = this.settings;
    const sameSite: SameSite = s.sameSiteMode === 'None' && !s.issuerIsHttps ? 'Lax' : s.sameSiteMode;
    return {
      name,
      value,
      maxAge,
      path,
      ...(s.domain ? { domain: s.domain } : {}),
      httpOnly: true,
      secure: !s.dev || s.secureInDev,
      sameSite,
    };
  }

  private seal(name: string, value: Record<string, string>): string {
    return this.aead.encrypt(JSON.stringify(value), name);
  }

  private open(name: string, raw: string | undefined): { value: Record<string, unknown> } | undefined {
    if (!raw) return undefined;
    try {
      const value = JSON.parse(this.aead.decrypt(raw, name)) as unknown;
      return typeof value === 'object' && value !== null ? { value: value as Record<string, unknown> } : undefined;
    } catch {
      return undefined;
    }
  }
}
