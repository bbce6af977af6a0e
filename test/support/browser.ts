// A minimal browser for flow tests: follows redirects by hand across hosts,
// keeps cookies (one jar, as a browser does for one host name regardless of
// port), submits HTML forms. Enough to drive login/consent apps without
// Chromium.

export interface Step {
  url: string;
  status: number;
  location?: string;
  body: string;
  contentType: string;
}

export class Browser {
  readonly cookies = new Map<string, string>();
  readonly history: Step[] = [];

  /** GET (or POST a form) and follow redirects until `stopAt` matches a URL about to be visited, or a non-redirect answer. */
  async visit(url: string, init: { form?: Record<string, string | string[]>; stopAt?: (url: URL) => boolean; maxRedirects?: number } = {}): Promise<Step> {
    let current = url;
    let form = init.form;
    for (let i = 0; i <= (init.maxRedirects ?? 20); i++) {
      const step = await this.request(current, form);
      form = undefined;
      if (!step.location || step.status < 300 || step.status >= 400) return step;
      const next = new URL(step.location, current);
      if (init.stopAt?.(next)) return { ...step, location: next.toString() };
      current = next.toString();
    }
    throw new Error(`too many redirects from ${url}`);
  }

  /** One request, no redirect following. */
  async request(url: string, form?: Record<string, string | string[]>): Promise<Step> {
    const headers: Record<string, string> = {};
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let body: string | undefined;
    if (form) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(form)) for (const value of Array.isArray(v) ? v : [v]) params.append(k, value);
      body = params.toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const res = await fetch(url, { method: form ? 'POST' : 'GET', headers, body, redirect: 'manual' });
    for (const cookie of res.headers.getSetCookie()) this.store(cookie);
    const step: Step = { url, status: res.status, body: await res.text(), contentType: res.headers.get('content-type') ?? '' };
    const location = res.headers.get('location');
    if (location) step.location = new URL(location, url).toString();
    this.history.push(step);
    return step;
  }

  private store(header: string): void {
    const [pair, ...attributes] = header.split(';');
    const eq = pair!.indexOf('=');
    const name = pair!.slice(0, eq).trim();
    const value = pair!.slice(eq + 1).trim();
    const expired = attributes.some((a) => {
      const [k, v] = a.trim().split('=');
      if (k!.toLowerCase() === 'max-age') return Number(v) <= 0;
      if (k!.toLowerCase() === 'expires') return Date.parse(v!) <= Date.now();
      return false;
    });
    if (expired || value === '') this.cookies.delete(name);
    else this.cookies.set(name, value);
  }
}

/** The inputs of the first form in an HTML page (hidden inputs and checkboxes' values), and its action (the page itself when absent, as in HTML). */
export function readForm(html: string, pageUrl: string): { action: string; fields: Record<string, string[]> } {
  const form = /<form([^>]*)>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) throw new Error(`no form in page ${pageUrl}:\n${html.slice(0, 500)}`);
  const fields: Record<string, string[]> = {};
  for (const input of form[2]!.matchAll(/<input([^>]*)>/gi)) {
    const attr = (name: string) => new RegExp(`${name}="([^"]*)"`, 'i').exec(input[1]!)?.[1];
    const name = attr('name');
    if (!name) continue;
    (fields[name] ??= []).push(decodeHtml(attr('value') ?? ''));
  }
  const action = /action="([^"]*)"/i.exec(form[1]!)?.[1];
  return { action: new URL(decodeHtml(action ?? ''), pageUrl).toString(), fields };
}

const decodeHtml = (s: string) =>
  s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
