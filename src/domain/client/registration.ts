// OpenID Connect Dynamic Client Registration (and RFC 7592 management) as
// Hydra serves it at /oauth2/register: who may register what, and how a
// registered client authenticates to read, replace or delete itself (its
// registration access token). Creating and storing stay in ClientService;
// this module holds only what differs from the admin API.
import { invalidClientMetadata, OAuth2Error } from '../errors.js';
import { INVALID_REQUEST_DEFAULT_HINT } from '../oauth2/errors.js';
import type { ClientDraft } from './decode.js';
import { forbidden, malformed, resourceNotFound, unauthorized } from './errors.js';
import type { OAuth2Client, OAuth2ClientInput } from './model.js';
import { registrationTokenMatches } from './registration-token.js';
import type { StoredClient } from './repository.js';
import type { ClientService } from './service.js';

/** Where the public listener serves registration (and RFC 7592 management under it). */
export const REGISTRATION_PATH = '/oauth2/register';

const OWN_SECRET = 'It is not allowed to choose your own OAuth2 Client secret.';
const BAD_CREDENTIALS = 'The requested OAuth 2.0 client does not exist or you provided incorrect credentials.';

/** fosite's invalid_request with its description replaced (the default hint stays, double quotes become single). */
const invalidRequestDescribed = (description: string) =>
  new OAuth2Error('invalid_request', description.replaceAll('"', "'"), 400, INVALID_REQUEST_DEFAULT_HINT);

/** A self-registering client never picks its secret: 400 on registration, 403 on update (as in Hydra). */
export function refuseChosenSecret(draft: ClientDraft, on: 'register' | 'update'): void {
  if (draft.client_secret === '') return;
  throw on === 'register' ? malformed(OWN_SECRET) : forbidden(OWN_SECRET);
}

/**
 * Hydra's ValidateDynamicRegistration: metadata, the access token strategy
 * and skipping consent are the operator's decisions, never the client's.
 * `input` is the request as sent: a `metadata` member is refused even when empty.
 */
export function assertSelfRegistrable(input: OAuth2ClientInput, draft: ClientDraft): void {
  if (input.metadata !== undefined) throw invalidClientMetadata("'metadata' cannot be set for dynamic client registration");
  if (draft.access_token_strategy !== '') throw malformed('It is not allowed to choose your own access token strategy.');
  if (draft.skip_consent) throw invalidRequestDescribed('"skip_consent" cannot be set for dynamic client registration');
  if (draft.skip_logout_consent === true) throw invalidRequestDescribed('"skip_logout_consent" cannot be set for dynamic client registration');
}

/** The client as its owner may read it: never the secret or the operator's metadata. */
function asShownToOwner(clients: ClientService, stored: StoredClient): Partial<OAuth2Client> {
  const { metadata: _metadata, ...client } = stored.client;
  return { ...client, ...clients.registrationLinks(client.client_id) };
}

export interface ClientRegistrationOptions {
  /** `oidc.dynamic_client_registration.enabled`. */
  enabled: boolean;
}

/** The /oauth2/register operations: each checks the feature, then the registration access token. */
export class ClientRegistration {
  constructor(
    private readonly clients: ClientService,
    private readonly options: ClientRegistrationOptions,
  ) {}

  /** A new client with a generated id (and secret, unless public) and its registration access token. */
  async register(input: OAuth2ClientInput): Promise<OAuth2Client> {
    this.assertEnabled();
    return this.clients.create(input, { dynamic: true });
  }

  async get(id: string, token: string): Promise<Partial<OAuth2Client>> {
    this.assertEnabled();
    return asShownToOwner(this.clients, await this.authenticate(id, token));
  }

  /** Replaces the client (keeping its secret) and rotates the registration access token, as Hydra does. */
  async replace(id: string, token: string, input: OAuth2ClientInput): Promise<OAuth2Client> {
    this.assertEnabled();
    const stored = await this.authenticate(id, token);
    return this.clients.replace(stored.client.client_id, input, { dynamic: true, previous: stored });
  }

  async delete(id: string, token: string): Promise<void> {
    this.assertEnabled();
    await this.clients.delete((await this.authenticate(id, token)).client.client_id);
  }

  assertEnabled(): void {
    if (!this.options.enabled) throw resourceNotFound('Dynamic registration is not enabled.');
  }

  /** One answer for an unknown client, a client without a token and a wrong token: nothing to probe. */
  private async authenticate(id: string, token: string): Promise<StoredClient> {
    const stored = await this.clients.find(id);
    if (!stored) throw unauthorized(BAD_CREDENTIALS, 'The OAuth2 Client does not exist.');
    if (!registrationTokenMatches(token, stored.registrationAccessTokenHash)) {
      throw unauthorized(BAD_CREDENTIALS, stored.registrationAccessTokenHash ? 'Registration access tokens do not match.' : 'The OAuth2 Client does not have a registration access token.');
    }
    return stored;
  }
}
