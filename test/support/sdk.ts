// Helpers for tests that drive the admin API through @ory/hydra-client.
import assert from 'node:assert/strict';

/** The status and body of a failed SDK call. */
export async function failure(promise: Promise<unknown>): Promise<{ status: number; data: Record<string, unknown> }> {
  try {
    await promise;
  } catch (err) {
    const response = (err as { response?: { status: number; data: Record<string, unknown> } }).response;
    assert.ok(response, `expected an HTTP error, got ${String(err)}`);
    return { status: response.status, data: response.data };
  }
  assert.fail('the call should have failed');
}

/** rel → URL from a Link header. */
export function parseLink(header: string | undefined): Record<string, string> {
  const links: Record<string, string> = {};
  for (const part of (header ?? '').split(',')) {
    const match = /^\s*<([^>]*)>;\s*rel="([^"]+)"\s*$/.exec(part);
    if (match) links[match[2]!] = match[1]!;
  }
  return links;
}
