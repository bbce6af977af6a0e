// CSRF protection of the login and consent verifiers (Hydra's consent/csrf.go):
// leg 1 and leg 2 set a per-client cookie holding a random value that is also
// sealed inside the challenge; the verifier is accepted only from a browser
// presenting the same value. A logout verifier is bound the same way (its
// value is kept with the logout request).
import { constantTimeEqual } from '../crypto/equal.js';
import { requestForbidden } from '../oauth2/errors.js';
import type { CsrfKind, FlowCookies, RequestCookies } from './cookies.js';


export function verifyCsrf(cookies: FlowCookies, kind: CsrfKind, clientId: string, sent: RequestCookies, expected: string): void {
  const found = cookies.readCsrf(kind, clientId, sent);
  if (found.status === 'unreadable') throw requestForbidden('CSRF session cookie could not be decoded.');
  if (found.status !== 'ok' || found.csrf === '') throw requestForbidden('No CSRF value available in the session cookie.');
  if (!constantTimeEqual(found.csrf, expected)) throw requestForbidden('The CSRF value from the token does not match the CSRF value from the data store.');
}
