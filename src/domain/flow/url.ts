// Hydra's urlx.SetQuery: the URL's query re-encoded by Go's url.Values, keys
// sorted, the given parameters replacing any of the same name.
/** A request's own URL on the public listener, as Hydra records it (request_url): base, path, raw query. */
export function endpointUrl(publicUrl: string, path: string, rawQuery = ''): string {
  return `${publicUrl.replace(/\/+$/, '')}${path}${rawQuery ? `?${rawQuery}` : ''}`;
}

export function withQuery(url: string, changes: Record<string, string>): string {
  const parsed = new URL(url);
  const params = new URLSearchParams(parsed.search);
  for (const [k, v] of Object.entries(changes)) params.set(k, v);
  params.sort();
  parsed.search = params.toString();
  return parsed.toString();
}
