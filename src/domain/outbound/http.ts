// Outgoing HTTP to URLs that clients register (jwks_uri, sector_identifier_uri,
// request_uri, back-channel logout) or that operators configure (token hooks).
// With clients.http.disallow_private_ip_ranges, a client must not be able to
// make this server reach its own network (SSRF): every address a host name
// resolves to is checked, and the connection is made to the checked address
// itself, so a DNS answer that changes between check and connect (rebinding)
// cannot slip through. Redirects are followed by hand so each hop is checked.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { lookup as dnsLookupAll } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

export interface OutboundHttpOptions {
  /** clients.http.disallow_private_ip_ranges */
  disallowPrivateIpRanges: boolean;
  /** clients.http.private_ip_exception_urls: exact URLs that may reach private addresses anyway. */
  privateIpExceptionUrls?: readonly string[];
  /** Whole-request timeout unless a call gives its own. */
  timeoutMs?: number;
  /** Larger response bodies are refused. */
  maxBodyBytes?: number;
  maxRedirects?: number;
}

export interface OutboundRequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | URLSearchParams | Uint8Array;
  timeoutMs?: number;
  maxBodyBytes?: number;
}

/** Why an outgoing request was not made or not completed; `code` is stable. */
/** The URL's host without IPv6 brackets, as addresses are compared. */
const bareHost = (target: URL) => target.hostname.replace(/^\[|\]$/g, '');

export class OutboundHttpError extends Error {
  constructor(
    readonly code: 'private_address' | 'invalid_url' | 'timeout' | 'too_large' | 'too_many_redirects' | 'network',
    message: string,
  ) {
    super(message);
    this.name = 'OutboundHttpError';
  }
}

/** Loopback, private, link-local, shared, multicast and reserved ranges (IPv4, IPv6 and IPv4-mapped IPv6). */
const PRIVATE_RANGES: BlockList = (() => {
  const list = new BlockList();
  const v4: Array<[string, number]> = [
    ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
    ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
  ];
  for (const [net, prefix] of v4) {
    list.addSubnet(net, prefix, 'ipv4');
    list.addSubnet(`::ffff:${net}`, 96 + prefix, 'ipv6');
  }
  for (const [net, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b:1::', 48]] as const) {
    list.addSubnet(net, prefix, 'ipv6');
  }
  return list;
})();

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return PRIVATE_RANGES.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export class OutboundHttp {
  private readonly exceptions: ReadonlySet<string>;
  private readonly timeoutMs: number;
  private readonly maxBodyBytes: number;
  private readonly maxRedirects: number;

  constructor(private readonly options: OutboundHttpOptions) {
    this.exceptions = new Set(options.privateIpExceptionUrls ?? []);
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
    this.maxRedirects = options.maxRedirects ?? 3;
  }

  /**
   * Throws OutboundHttpError('private_address') when requests to `url` would
   * be refused: its host is, or resolves to, a private address (checked when
   * a client registers URLs, as Hydra does, so a bad one fails early).
   */
  async assertAllowed(url: string): Promise<void> {
    const target = parseUrl(url);
    if (!this.guarded(target)) return;
    const host = bareHost(target);
    let addresses: string[];
    try {
      addresses = isIP(host) ? [host] : (await dnsLookupAll(host, { all: true })).map((a) => a.address);
    } catch (err) {
      throw new OutboundHttpError('network', `${host} could not be resolved: ${(err as Error).message}`);
    }
    const refused = addresses.find(isPrivateAddress);
    if (refused) throw new OutboundHttpError('private_address', `${host} resolves to the private network address ${refused}, which clients.http.disallow_private_ip_ranges forbids`);
  }

  /**
   * A WHATWG Response for `url`. Throws OutboundHttpError when the target is
   * refused, unreachable, too slow or answers with too large a body; HTTP
   * error statuses are returned, not thrown.
   */
  async fetch(url: string, init: OutboundRequestInit = {}): Promise<Response> {
    const deadline = AbortSignal.timeout(init.timeoutMs ?? this.timeoutMs);
    let target = parseUrl(url);
    let method = (init.method ?? 'GET').toUpperCase();
    let body = init.body instanceof URLSearchParams ? init.body.toString() : init.body;
    const headers: Record<string, string> = { ...init.headers };
    if (init.body instanceof URLSearchParams && !hasHeader(headers, 'content-type')) headers['content-type'] = 'application/x-www-form-urlencoded';
    for (let hop = 0; ; hop++) {
      const response = await this.send(target, method, headers, body, deadline);
      const location = response.headers.location;
      if (response.statusCode && [301, 302, 303, 307, 308].includes(response.statusCode) && location) {
        response.resume();
        if (hop >= this.maxRedirects) throw new OutboundHttpError('too_many_redirects', `more than ${this.maxRedirects} redirects from ${url}`);
        target = parseUrl(new URL(location, target).toString());
        if (response.statusCode === 303 || (response.statusCode !== 307 && response.statusCode !== 308 && method === 'POST')) {
          method = 'GET';
          body = undefined;
          for (const name of Object.keys(headers)) if (/^content-(type|length)$/i.test(name)) delete headers[name];
        }
        continue;
      }
      return this.toResponse(response, deadline, init.maxBodyBytes ?? this.maxBodyBytes);
    }
  }

  /** Private targets are refused for this URL (the setting is on and the URL is not an exception). */
  private guarded(target: URL): boolean {
    return this.options.disallowPrivateIpRanges && !this.exceptions.has(target.toString());
  }

  private send(target: URL, method: string, headers: Record<string, string>, body: string | Uint8Array | undefined, signal: AbortSignal): Promise<IncomingMessage> {
    const checked = this.guarded(target);
    if (checked && isPrivateAddress(bareHost(target))) {
      return Promise.reject(new OutboundHttpError('private_address', `${target.origin} is a private network address, which clients.http.disallow_private_ip_ranges forbids`));
    }
    const options: RequestOptions = {
      method,
      headers: { 'user-agent': 'Gatehouse', ...headers, ...(body !== undefined && { 'content-length': String(Buffer.byteLength(body)) }) },
      signal,
      ...(checked && { lookup: publicOnlyLookup }),
    };
    return new Promise((resolve, reject) => {
      const request = (target.protocol === 'https:' ? httpsRequest : httpRequest)(target, options, resolve);
      request.once('error', (err) => reject(toOutboundError(err, target, signal)));
      request.end(body);
    });
  }

  private async toResponse(message: IncomingMessage, signal: AbortSignal, maxBodyBytes: number): Promise<Response> {
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of message as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > maxBodyBytes) {
          message.destroy();
          throw new OutboundHttpError('too_large', `the response body is larger than ${maxBodyBytes} bytes`);
        }
        chunks.push(chunk);
      }
    } catch (err) {
      throw err instanceof OutboundHttpError ? err : toOutboundError(err as Error, undefined, signal);
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(message.headers)) {
      for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, v);
    }
    const status = message.statusCode ?? 500;
    const nullBody = status === 204 || status === 304;
    return new Response(nullBody ? null : Buffer.concat(chunks), { status, headers });
  }
}

/** dns.lookup that fails when any resolved address is private, so the socket only ever connects to a checked address. */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
    if (err) return callback(err, '', 0);
    const refused = addresses.find((a) => isPrivateAddress(a.address));
    if (refused) {
      return callback(new OutboundHttpError('private_address', `${hostname} resolves to the private network address ${refused.address}, which clients.http.disallow_private_ip_ranges forbids`), '', 0);
    }
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    const first = addresses[0]!;
    callback(null, first.address, first.family);
  });
};

function parseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundHttpError('invalid_url', `"${raw}" is not an absolute URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new OutboundHttpError('invalid_url', `"${raw}" is not an http(s) URL`);
  return url;
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((h) => h.toLowerCase() === name);
}

function toOutboundError(err: Error, target: URL | undefined, signal: AbortSignal): OutboundHttpError {
  if (err instanceof OutboundHttpError) return err;
  const cause = (err as { cause?: unknown }).cause;
  if (cause instanceof OutboundHttpError) return cause;
  if (signal.aborted) return new OutboundHttpError('timeout', `${target?.origin ?? 'the request'} did not answer in time`);
  return new OutboundHttpError('network', `${target?.origin ?? 'the request'} failed: ${err.message}`);
}
