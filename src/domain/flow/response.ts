// What /oauth2/auth answers: a redirect (to the login or consent app, to the
// error page, or to the client), or a form_post page for the client. Built here
// so that every adapter renders the same thing.
import type { OAuth2Error } from '../errors.js';
import type { ClientRedirect } from './authorize-request.js';
import type { CookieToSet } from './cookies.js';

export type Params = [name: string, value: string][];

export type AuthorizeOutcome =
  | {
      kind: 'redirect';
      /** 302 to the login/consent app or the error page, 303 to the client. */
      status: 302 | 303;
      location: string;
      cookies: CookieToSet[];
      /** Responses to the client must not be cached. */
      noStore: boolean;
    }
  | { kind: 'form_post'; action: string; params: Params; cookies: CookieToSet[] };

/** fosite's error_description: description and hint, debug only when exposed, double quotes made single. */
export function errorDescription(error: OAuth2Error, exposeDebug: boolean): string {
  const text = exposeDebug && error.debug ? `${error.message} ${error.debug}` : error.message;
  return text.replaceAll('"', "'");
}

/** Go's url.Values.Encode: keys sorted, values in order. */
function encode(params: Params): string {
  const sorted = params.map((p, i) => [p, i] as const).sort(([a, i], [b, j]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : i - j));
  return new URLSearchParams(sorted.map(([p]) => p)).toString();
}

/** urls.error with error and error_description only: where errors go that cannot go to the client. */
/** Errors that cannot go to the client: 302 to the error page. */
export function toErrorPage(errorUrl: string, error: OAuth2Error, exposeDebug: boolean, cookies: CookieToSet[] = []): Extract<AuthorizeOutcome, { kind: 'redirect' }> {
  const url = new URL(errorUrl);
  url.searchParams.set('error', error.error);
  url.searchParams.set('error_description', errorDescription(error, exposeDebug));
  return { kind: 'redirect', status: 302, location: url.toString(), cookies, noStore: false };
}

/**
 * A response to the client's redirect URI in its response mode. Errors add
 * the redirect URI's own query parameters (fosite `Add`); success overwrites
 * them (`Set`).
 */
export function toClient(redirect: ClientRedirect, params: Params, cookies: CookieToSet[], mergeExisting: 'add' | 'set'): AuthorizeOutcome {
  const url = new URL(redirect.redirectUri);
  url.hash = '';
  if (redirect.responseMode === 'form_post') return { kind: 'form_post', action: url.toString(), params, cookies };
  if (redirect.responseMode === 'fragment') {
    return { kind: 'redirect', status: 303, location: `${url.toString()}#${encode(params)}`, cookies, noStore: true };
  }
  const names = new Set(params.map(([name]) => name));
  const existing = [...url.searchParams].filter(([name]) => mergeExisting === 'add' || !names.has(name));
  url.search = encode([...params, ...existing]);
  return { kind: 'redirect', status: 303, location: url.toString(), cookies, noStore: true };
}

export function errorToClient(redirect: ClientRedirect, error: OAuth2Error, exposeDebug: boolean, cookies: CookieToSet[]): AuthorizeOutcome {
  const params: Params = [
    ['error', error.error],
    ['error_description', errorDescription(error, exposeDebug)],
    ['state', redirect.state],
  ];
  return toClient(redirect, params, cookies, 'add');
}
