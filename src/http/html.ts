// The only HTML Gatehouse serves: the form_post response and the fallback
// error page. Everything interpolated is escaped.
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

/** Shown at the default login or consent URL: the operator has not configured their app yet. */
export function missingAppPage(setting: 'urls.login' | 'urls.consent' | 'urls.device.verification'): string {
  const what = { 'urls.login': 'login', 'urls.consent': 'consent', 'urls.device.verification': 'device verification' }[setting];
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
