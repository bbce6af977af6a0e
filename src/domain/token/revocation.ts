// Token revocation (RFC 7009) with Hydra's semantics: revoking an access or a
// refresh token deletes the whole grant (every token of its request id).
// Unknown, already-used and other clients' tokens succeed without effect, so
// the endpoint reveals nothing about tokens the caller does not own.
import type { ClientRecord } from '../client/repository.js';
import type { TokenLookup } from './lookup.js';
import type { TokenKind, TokenRepository } from './repository.js';

export async function revoke(
  lookup: TokenLookup,
  repo: TokenRepository,
  client: ClientRecord,
  request: { token: string; tokenTypeHint?: string },
  now: Date,
): Promise<void> {
  const kinds: TokenKind[] = request.tokenTypeHint === 'access_token' ? ['access_token', 'refresh_token'] : ['refresh_token', 'access_token'];
  const found = await lookup.find(request.token, kinds);
  if (!found) return;
  if (found.record.kind === 'refresh_token' && !lookup.refreshUsable(found.record, now)) return;
  if (found.record.clientId !== client.client_id) return;
  await repo.revokeByRequestId(found.record.requestId);
}
