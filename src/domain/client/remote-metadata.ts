// The client-metadata rules that need the network (Hydra's validator does
// them too): with clients.http.disallow_private_ip_ranges, every URL this
// server will later call must resolve to a public address; a
// sector_identifier_uri must list every redirect URI of the client (OpenID
// Connect Core §8.1), since pairwise subjects are computed per sector.
import { invalidClientMetadata } from '../errors.js';
import { OutboundHttpError, type OutboundHttp } from '../outbound/http.js';
import type { ClientDraft } from './decode.js';

/** Hydra's JSON decoder reads at most this much of a sector document. */
const MAX_SECTOR_DOCUMENT_BYTES = 5 * 1024 * 1024;

export class RemoteMetadataValidator {
  constructor(private readonly http: OutboundHttp) {}

  async validate(client: ClientDraft): Promise<void> {
    await this.assertCallableUrls(client);
    if (client.sector_identifier_uri !== '') await this.assertSectorListsRedirectUris(client.sector_identifier_uri, client.redirect_uris);
  }

  private async assertCallableUrls(client: ClientDraft): Promise<void> {
    const urls: Array<[string, string]> = [
      ['jwks_uri', client.jwks_uri],
      ['backchannel_logout_uri', client.backchannel_logout_uri],
      ['sector_identifier_uri', client.sector_identifier_uri],
      ...client.request_uris.map((uri, i): [string, string] => [`request_uris.${i}`, uri]),
    ];
    for (const [field, url] of urls) {
      if (url === '') continue;
      try {
        await this.http.assertAllowed(url);
      } catch (err) {
        if (!(err instanceof OutboundHttpError)) throw err;
        throw invalidClientMetadata(`Client IP address is not allowed: ${field}: ${err.message}`);
      }
    }
  }

  private async assertSectorListsRedirectUris(location: string, redirectUris: readonly string[]): Promise<void> {
    let listed: unknown;
    try {
      const response = await this.http.fetch(location, { headers: { accept: 'application/json' }, maxBodyBytes: MAX_SECTOR_DOCUMENT_BYTES });
      listed = await response.json();
    } catch (err) {
      const reason = err instanceof OutboundHttpError ? `Unable to connect to URL set by sector_identifier_uri: ${err.message}` : `Unable to decode values from sector_identifier_uri: ${(err as Error).message}`;
      throw metadataDebug(reason);
    }
    if (!Array.isArray(listed) || !listed.every((v) => typeof v === 'string')) {
      throw metadataDebug('Unable to decode values from sector_identifier_uri: the document is not a JSON array of strings');
    }
    if (listed.length === 0) throw metadataDebug('Array from sector_identifier_uri contains no items');
    const missing = redirectUris.find((uri) => !listed.includes(uri));
    if (missing !== undefined) throw metadataDebug(`Redirect URL "${missing}" does not match values from sector_identifier_uri.`);
  }
}

/** Hydra gives these reasons as error_debug only. */
const metadataDebug = (debug: string) => invalidClientMetadata(undefined, debug);
