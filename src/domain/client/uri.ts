// Just enough of Go's net/url to judge client URIs the way Hydra's validator
// does: url.ParseRequestURI (absolute URI or absolute path) and url.Parse, with
// the parts the validator looks at (scheme, user info, host name, port, path,
// query, fragment).

export interface GoUrl {
  /** Lower-cased, '' for a path-only reference. */
  scheme: string;
  opaque: string;
  hasUser: boolean;
  /** The host as written, port included. */
  host: string;
  hostname: string;
  port: string;
  path: string;
  rawQuery: string;
  forceQuery: boolean;
  fragment: string;
}

const CONTROL = /[\u0000-\u001f\u007f]/;
const BAD_ESCAPE = /%(?![0-9a-fA-F]{2})/;
const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;

/** Go's url.ParseRequestURI: null where Go returns an error. */
export function parseRequestURI(raw: string): GoUrl | null {
  return parse(raw, true);
}

/** Go's url.Parse (fragment allowed): null where Go returns an error. */
export function parseUrl(raw: string): GoUrl | null {
  const hash = raw.indexOf('#');
  const fragment = hash >= 0 ? raw.slice(hash + 1) : '';
  if (hash >= 0 && BAD_ESCAPE.test(fragment)) return null;
  const url = parse(hash >= 0 ? raw.slice(0, hash) : raw, false);
  if (url) url.fragment = fragment;
  return url;
}

function parse(raw: string, viaRequest: boolean): GoUrl | null {
  if (CONTROL.test(raw)) return null;
  if (raw === '' && viaRequest) return null;
  const url: GoUrl = { scheme: '', opaque: '', hasUser: false, host: '', hostname: '', port: '', path: '', rawQuery: '', forceQuery: false, fragment: '' };
  let rest = raw;
  if (raw.startsWith(':')) return null; // missing protocol scheme
  const scheme = SCHEME.exec(raw);
  if (scheme) {
    url.scheme = scheme[1]!.toLowerCase();
    rest = raw.slice(scheme[0].length);
  }
  if (rest.endsWith('?') && rest.indexOf('?') === rest.length - 1) {
    url.forceQuery = true;
    rest = rest.slice(0, -1);
  } else {
    const q = rest.indexOf('?');
    if (q >= 0) {
      url.rawQuery = rest.slice(q + 1);
      rest = rest.slice(0, q);
    }
  }
  if (!rest.startsWith('/')) {
    if (url.scheme !== '') {
      url.opaque = rest;
      return url;
    }
    if (viaRequest) return null;
    // A relative path whose first segment holds a colon is ambiguous in Go.
    const colon = rest.indexOf(':');
    const slash = rest.indexOf('/');
    if (colon >= 0 && (slash < 0 || colon < slash)) return null;
  }
  if ((url.scheme !== '' || !viaRequest) && rest.startsWith('//')) {
    const afterSlashes = rest.slice(2);
    const end = afterSlashes.indexOf('/');
    const authority = end >= 0 ? afterSlashes.slice(0, end) : afterSlashes;
    rest = end >= 0 ? afterSlashes.slice(end) : '';
    const at = authority.lastIndexOf('@');
    let host = authority;
    if (at >= 0) {
      url.hasUser = true;
      host = authority.slice(at + 1);
    }
    if (!parseHost(host, url)) return null;
  }
  if (BAD_ESCAPE.test(rest)) return null;
  url.path = rest;
  return url;
}

function parseHost(host: string, url: GoUrl): boolean {
  if (BAD_ESCAPE.test(host)) return false;
  let hostname = host;
  let port = '';
  if (host.startsWith('[')) {
    const close = host.indexOf(']');
    if (close < 0) return false; // missing ']' in host
    hostname = host.slice(1, close);
    const after = host.slice(close + 1);
    if (after !== '') {
      if (!after.startsWith(':')) return false;
      port = after.slice(1);
    }
  } else {
    const colon = host.lastIndexOf(':');
    if (colon >= 0) {
      hostname = host.slice(0, colon);
      port = host.slice(colon + 1);
    }
  }
  if (!/^[0-9]*$/.test(port)) return false; // invalid port
  if (/[\s<>"{}|\\^`]/.test(hostname)) return false; // invalid character in host name
  url.host = host;
  url.hostname = hostname;
  url.port = port;
  return true;
}

/** Go's URL.String() for the origin-like URLs allowed_cors_origins holds. */
export function formatOrigin(url: GoUrl): string {
  let out = url.scheme ? `${url.scheme}:` : '';
  if (url.opaque) return out + url.opaque;
  if (url.scheme || url.host) out += `//${url.host}`;
  out += url.path;
  if (url.forceQuery || url.rawQuery) out += `?${url.rawQuery}`;
  if (url.fragment) out += `#${url.fragment}`;
  return out;
}
