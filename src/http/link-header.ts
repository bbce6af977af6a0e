// Hydra's keyset pagination Link header, shared by every REST listing.
import type { Request } from 'express';
import { encodePageToken } from '../domain/pagination.js';

/** Hydra's keyset pagination Link header: rel="first", and rel="next" unless this is the last page. */
export function linkHeader(req: Request, pageSize: number, nextPageToken: string | undefined): string {
  const link = (rel: string, token: string) => pageLink(req, rel, { page_token: token, page_size: String(pageSize) }, { sorted: true });
  const parts = [link('first', encodePageToken(''))];
  if (nextPageToken) parts.push(link('next', nextPageToken));
  return parts.join(',');
}

/** One Link entry: this request's path and query with `params` set. */
export function pageLink(req: Request, rel: string, params: Record<string, string>, { sorted = false } = {}): string {
  const query = new URLSearchParams(new URL(req.originalUrl, 'http://localhost').search);
  for (const [name, value] of Object.entries(params)) query.set(name, value);
  if (sorted) query.sort();
  return `<${req.baseUrl}${req.path}?${query.toString()}>; rel="${rel}"`;
}
