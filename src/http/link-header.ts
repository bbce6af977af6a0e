// Hydra's keyset pagination Link header, shared by every REST listing.
import type { Request } from 'express';
import { encodePageToken } from '../domain/pagination.js';

/** Hydra's keyset pagination Link header: rel="first", and rel="next" unless this is the last page. */
export function linkHeader(req: Request, pageSize: number, nextPageToken: string | undefined): string {
  const link = (rel: string, token: string) => {
    const params = new URLSearchParams(new URL(req.originalUrl, 'http://localhost').search);
    params.set('page_token', token);
    params.set('page_size', String(pageSize));
    params.sort();
    return `<${req.baseUrl}${req.path}?${params.toString()}>; rel="${rel}"`;
  };
  const parts = [link('first', encodePageToken(''))];
  if (nextPageToken) parts.push(link('next', nextPageToken));
  return parts.join(',');
}
