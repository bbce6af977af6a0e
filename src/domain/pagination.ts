// Keyset pagination shared by every listing (REST `page_token`, GraphQL
// cursors). A page token is opaque to callers: base64url of the last key seen.
import { invalidRequest, OAuth2Error } from './errors.js';

export const DEFAULT_PAGE_SIZE = 250;
export const MAX_PAGE_SIZE = 500;

export interface PageRequest {
  pageSize?: number;
  pageToken?: string;
}

export interface Page<T> {
  items: T[];
  /** Absent on the last page. */
  nextPageToken?: string;
  /** Number of items matching the filter, over all pages. */
  total: number;
  /** The page size in effect (the requested one, defaulted and capped). */
  pageSize?: number;
}

export function pageSize(requested: number | undefined): number {
  if (requested === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(requested) || requested < 1) throw invalidRequest('page_size must be a positive whole number.');
  return Math.min(requested, MAX_PAGE_SIZE);
}

/** A page of rows fetched with one extra (limit size + 1): the extra row only tells that a next page exists. */
export function keysetPage<T>(fetched: T[], size: number, total: number, keyOf: (item: T) => string): Page<T> {
  const items = fetched.slice(0, size);
  const page: Page<T> = { items, total, pageSize: size };
  if (fetched.length > size) page.nextPageToken = encodePageToken(keyOf(items.at(-1)!));
  return page;
}

export function encodePageToken(lastKey: string): string {
  return Buffer.from(JSON.stringify({ k: lastKey })).toString('base64url');
}

export function decodePageToken(token: string | undefined): string | undefined {
  if (!token) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { k?: unknown };
    if (typeof parsed.k === 'string') return parsed.k;
  } catch {
    // fall through to the error below
  }
  throw invalidRequest('page_token is malformed.');
}

/**
 * `page_size` and `page_token` from a REST query string, read as Hydra does:
 * a page size of 0 or less means the default, a non-number is a 400.
 */
export function pageRequestFromQuery(query: { page_size?: unknown; page_token?: unknown }): PageRequest {
  const request: PageRequest = {};
  const size = Array.isArray(query.page_size) ? query.page_size[0] : query.page_size;
  if (typeof size === 'string' && size !== '') {
    if (!/^[+-]?\d+$/.test(size)) {
      throw new OAuth2Error(
        'The request was malformed or contained invalid parameters',
        `Unable to parse pagination parameters: strconv.Atoi: parsing ${JSON.stringify(size)}: invalid syntax`,
        400,
      );
    }
    const n = Number(size);
    if (n > 0) request.pageSize = n;
  }
  const token = Array.isArray(query.page_token) ? query.page_token[0] : query.page_token;
  if (typeof token === 'string' && token !== '') request.pageToken = token;
  return request;
}
