// Reading the Cookie header and writing Set-Cookie, nothing more: the domain
// decides names, values and attributes (src/domain/flow/cookies.ts).
import type { CookieToSet } from '../domain/flow/cookies.js';

/** name → value of a Cookie header; the first of duplicate names wins, values are taken as sent. */
export function parseCookieHeader(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    if (name && !(name in cookies)) cookies[name] = value;
  }
  return cookies;
}

export function serializeCookie(cookie: CookieToSet): string {
  const parts = [`${cookie.name}=${cookie.value}`, `Path=${cookie.path}`];
  if (cookie.domain) parts.push(`Domain=${cookie.domain}`);
  if (cookie.maxAge > 0) {
    parts.push(`Expires=${new Date(Date.now() + cookie.maxAge * 1000).toUTCString()}`, `Max-Age=${cookie.maxAge}`);
  } else {
    parts.push('Expires=Thu, 01 Jan 1970 00:00:01 GMT', 'Max-Age=0');
  }
  if (cookie.httpOnly) parts.push('HttpOnly');
  if (cookie.secure) parts.push('Secure');
  if (cookie.sameSite) parts.push(`SameSite=${cookie.sameSite}`);
  return parts.join('; ');
}
