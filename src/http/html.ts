// The only HTML Gatehouse serves: the form_post response, the front-channel
// logout page and the fallback pages. Everything interpolated is escaped.
import type { Params } from '../domain/flow/response.js';

export const escapeHtml = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** OAuth 2.0 Form Post Response Mode: a page that posts the parameters to the client at once. */
export function formPostPage(action: string, params: Params): string {
  const inputs = params.map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}"/>`).join('\n      ');
  return `<!DOCTYPE html>
<html>
  <head><title>Submit This Form</title></head>
  <body onload="javascript:document.forms[0].submit()">
    <form method="post" action="${escapeHtml(action)}">
      ${inputs}
    </form>
  </body>
</html>
`;
}

export function errorPage(fields: { error: string; description: string; hint: string; debug: string }): string {
  return `<!DOCTYPE html>
<html>
  <head><title>OAuth 2.0 error</title></head>
  <body>
    <h1>The authorization request failed.</h1>
    <ul>
      <li>Error: ${escapeHtml(fields.error)}</li>
      <li>Description: ${escapeHtml(fields.description)}</li>
      <li>Hint: ${escapeHtml(fields.hint)}</li>
      <li>Debug: ${escapeHtml(fields.debug)}</li>
    </ul>
    <p>This default page is shown because the setting <code>urls.error</code> is not configured.</p>
  </body>
</html>
`;
}

/** Shown at the default login, consent, logout or device verification URL: the operator has not configured their app yet. */
export function missingAppPage(setting: 'urls.login' | 'urls.consent' | 'urls.logout' | 'urls.device.verification'): string {
  const what = { 'urls.login': 'login', 'urls.consent': 'consent', 'urls.logout': 'logout', 'urls.device.verification': 'device verification' }[setting];
  return `<!DOCTYPE html>
<html>
  <head><title>No ${what} app configured</title></head>
  <body>
    <h1>The ${what} provider is not configured.</h1>
    <p>Gatehouse sends users to your ${what} app, which answers through the admin API. Set <code>${setting}</code>
    (<code>${setting.toUpperCase().replaceAll('.', '_')}</code>) to its URL.</p>
  </body>
</html>
`;
}

/** Shown at the default device success URL: the device is authorized, but urls.device.success is not set. */
export function deviceDonePage(): string {
  return `<!DOCTYPE html>
<html>
  <head><title>Device authorized</title></head>
  <body>
    <h1>You successfully authenticated on your device!</h1>
    <p>This default page is shown because the setting <code>urls.device.success</code> is not configured. Your device login request however succeeded.</p>
  </body>
</html>
`;
}

/** Where users land after logout when urls.post_logout_redirect is unset. */
export function loggedOutPage(): string {
  return `<!DOCTYPE html>
<html>
  <head><title>Logged out</title></head>
  <body>
    <h1>You are logged out.</h1>
    <p>This default page is shown because the setting <code>urls.post_logout_redirect</code> is not configured.</p>
  </body>
</html>
`;
}

/** A value inside a <script>: JSON, with "<" escaped so that no "</script>" can close the element. */
const scriptValue = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/**
 * OpenID Connect Front-Channel Logout: one hidden iframe per client logout
 * URI; once every frame has loaded (or after 7 seconds at most, also without
 * JavaScript) the browser continues to `redirectTo` (Hydra's page, same
 * behaviour).
 */
export function frontChannelLogoutPage(redirectTo: string, urls: readonly string[]): string {
  const frames = urls.map((url) => `<iframe src="${escapeHtml(url)}" onload="frameLoaded()"></iframe>`).join('\n    ');
  return `<!DOCTYPE html>
<html>
  <head>
    <title>Logging out</title>
    <meta http-equiv="refresh" content="7; URL=${escapeHtml(redirectTo)}">
    <style>iframe { position: absolute; left: 0; top: 0; width: 0; height: 0; border: none; }</style>
    <script>
      var pending = ${urls.length};
      var target = ${scriptValue(redirectTo)};
      var timers = [];
      var leaving = false;
      function later(fn, ms) { if (!leaving) timers.push(setTimeout(fn, ms)); }
      function leave() {
        window.location.replace(target);
        later(function () { window.location.href = target; }, 250);
      }
      function frameLoaded() { pending--; if (pending < 1) later(leave, 500); }
      window.onbeforeunload = function () { leaving = true; timers.forEach(clearTimeout); timers = []; };
      later(leave, 7000);
      setTimeout(function () { document.getElementById('slow').style.display = 'block'; }, 2000);
    </script>
  </head>
  <body>
    <noscript><p>You will be redirected in a few seconds; if not, <a href="${escapeHtml(redirectTo)}">continue here</a>.</p></noscript>
    <p id="slow" style="display: none">This takes unusually long. If nothing happens, <a href="${escapeHtml(redirectTo)}">continue here</a>.</p>
    ${frames}
  </body>
</html>
`;
}
