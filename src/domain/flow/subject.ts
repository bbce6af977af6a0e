// The subject a client sees: the pairwise identifier for `pairwise` clients
// (OpenID Connect Core §8.1, as Hydra computes it), else the subject itself.
import { createHash } from 'node:crypto';
import type { OAuth2Client } from '../client/model.js';
import { invalidRequest } from '../oauth2/errors.js';

export interface SubjectSettings {
  /** oidc.subject_identifiers.supported_types */
  supportedTypes: readonly string[];
  /** oidc.subject_identifiers.pairwise.salt */
  pairwiseSalt: string;
}

/** SHA-256(sector identifier ‖ subject ‖ salt), hex; the sector is sector_identifier_uri or the only redirect URI's host. */
export function pairwiseSubject(client: OAuth2Client, subject: string, salt: string): string {
  let sector: string;
  if (client.sector_identifier_uri) sector = client.sector_identifier_uri;
  else if (client.redirect_uris.length > 1) {
    throw invalidRequest(`OAuth 2.0 Client ${client.client_id} has multiple redirect_uris but no sector_identifier_uri was set which is not allowed when performing using subject type pairwise. Please reconfigure the OAuth 2.0 client properly.`);
  } else if (client.redirect_uris.length === 0) {
    throw invalidRequest(`OAuth 2.0 Client ${client.client_id} neither specifies a sector_identifier_uri nor a redirect_uri which is not allowed when performing using subject type pairwise. Please reconfigure the OAuth 2.0 client properly.`);
  } else sector = new URL(client.redirect_uris[0]!).host;
  return createHash('sha256').update(sector).update(subject).update(salt).digest('hex');
}

/** Hydra's ObfuscateSubjectIdentifier: a forced identifier wins for pairwise clients. */
export function subjectForClient(client: OAuth2Client, subject: string, forced: string, settings: SubjectSettings): string {
  if (client.subject_type !== 'pairwise') return subject;
  if (!settings.supportedTypes.includes('pairwise')) {
    throw invalidRequest(`Subject Identifier Algorithm '${client.subject_type}' was requested by OAuth 2.0 Client '${client.client_id}' but is not configured.`);
  }
  return forced || pairwiseSubject(client, subject, settings.pairwiseSalt);
}
