// Hydra's client validator (client/validator.go), rule by rule and in its
// order, with its error codes and hints. It also fills Hydra's defaults
// (authentication method, scope, subject type, userinfo algorithm) and
// normalises CORS origins and the access token strategy.
// The rules that need the network (sector_identifier_uri's content, private
// addresses) are in remote-metadata.ts.
import { createPublicKey } from 'node:crypto';
import { invalidClientMetadata, invalidRedirectUri, OAuth2Error } from '../errors.js';
import { hasJwks, type ClientDraft } from './decode.js';
import { formatOrigin, parseRequestURI, parseUrl, type GoUrl } from './uri.js';

export interface ValidatorOptions {
  /** `oidc.dynamic_client_registration.default_scope`; given to clients without a scope. */
  defaultScope: readonly string[];
  /** `oidc.subject_identifiers.supported_types`. */
  subjectTypes: readonly string[];
  /** `strategies.access_token`, the global default a client may override. */
  accessTokenStrategy: string;
}

/** Hydra's defaults for the options above. */
export const DEFAULT_VALIDATOR_OPTIONS: ValidatorOptions = {
  defaultScope: ['offline_access', 'offline', 'openid'],
  subjectTypes: ['public'],
  accessTokenStrategy: 'opaque',
};

const AUTH_SIGNING_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'];

/**
 * The subject types a client may use (Hydra's SubjectTypesSupported): public is
 * forced when nothing usable is configured, and pairwise is unavailable to
 * clients whose access tokens are JWTs.
 */
export function supportedSubjectTypes(options: ValidatorOptions, clientStrategy = ''): string[] {
  let isPublic = options.subjectTypes.includes('public');
  let pairwise = options.subjectTypes.includes('pairwise');
  isPublic = isPublic || !pairwise;
  if (pairwise && (clientStrategy || options.accessTokenStrategy).toLowerCase() === 'jwt') pairwise = false;
  return [...(isPublic ? ['public'] : []), ...(pairwise ? ['pairwise'] : [])];
}

/** Validates `client` in place, filling defaults; throws the OAuth2Error Hydra would answer with. */
export function validateClient(client: ClientDraft, options: ValidatorOptions = DEFAULT_VALIDATOR_OPTIONS): ClientDraft {
  if (client.token_endpoint_auth_method === '') {
    client.token_endpoint_auth_method = 'client_secret_basic';
  } else if (client.token_endpoint_auth_method === 'private_key_jwt') {
    if (client.jwks_uri === '' && !hasJwks(client.jwks)) {
      throw invalidClientMetadata("When token_endpoint_auth_method is 'private_key_jwt', either jwks or jwks_uri must be set.");
    }
    if (client.token_endpoint_auth_signing_alg !== '' && !AUTH_SIGNING_ALGS.includes(client.token_endpoint_auth_signing_alg)) {
      throw invalidClientMetadata('Only RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384 and ES512 are supported as algorithms for private key authentication.');
    }
  }

  if (client.jwks_uri !== '' && hasJwks(client.jwks)) {
    throw invalidClientMetadata('Fields jwks and jwks_uri can not both be set, you must choose one.');
  }
  if (hasJwks(client.jwks)) {
    for (const key of client.jwks.keys) {
      if (!isValidJwk(key)) throw invalidClientMetadata('Invalid JSON web key in set.');
    }
  }

  for (const field of ['tos_uri', 'policy_uri', 'logo_uri', 'client_uri'] as const) {
    const uri = client[field];
    if (uri === '') continue;
    const url = parseRequestURI(uri);
    if (!url) throw invalidClientMetadata(`Field ${field} must be a valid URI.`);
    if (url.scheme !== 'https' && url.scheme !== 'http') {
      throw invalidClientMetadata(`${uri} must use https:// or http:// as HTTP scheme for field ${field}.`);
    }
  }

  if (client.client_secret.length > 0 && client.client_secret.length < 6) {
    throw invalidClientMetadata('Field client_secret must contain a secret that is at least 6 characters long.');
  }

  if (client.scope === '') client.scope = options.defaultScope.join(' ');

  client.allowed_cors_origins = client.allowed_cors_origins.map((origin) => {
    const url = parseUrl(origin);
    if (!url) throw invalidClientMetadata(`Origin URL ${origin} from allowed_cors_origins could not be parsed: parse ${JSON.stringify(origin)}: invalid URL`);
    if (url.scheme !== 'https' && url.scheme !== 'http') {
      throw invalidClientMetadata(`Origin URL ${origin} must use https:// or http:// as HTTP scheme.`);
    }
    if (url.hasUser) throw invalidClientMetadata(`Origin URL ${origin} has HTTP user and/or password set which is not allowed.`);
    url.path = url.path.replace(/\/+$/, '');
    if (url.path.length + url.rawQuery.length + url.fragment.length > 0) {
      throw invalidClientMetadata(`Origin URL ${origin} must have an empty path, query, and fragment but one of the parts is not empty.`);
    }
    return formatOrigin(url);
  });

  // Not supported: always 0.
  client.client_secret_expires_at = 0;

  if (client.sector_identifier_uri !== '') {
    const url = parseUrl(client.sector_identifier_uri);
    if (!url) {
      throw invalidClientMetadata(`Value of sector_identifier_uri could not be parsed because parse ${JSON.stringify(client.sector_identifier_uri)}: invalid URL.`);
    }
    if (url.scheme !== 'https') {
      // Hydra puts this reason in the debug field only.
      const base = invalidClientMetadata('');
      throw new OAuth2Error(base.error, base.description, base.status, undefined, 'Value sector_identifier_uri must be an HTTPS URL but it is not.');
    }
  }

  if (client.userinfo_signed_response_alg === '') client.userinfo_signed_response_alg = 'none';
  if (client.userinfo_signed_response_alg !== 'none' && client.userinfo_signed_response_alg !== 'RS256') {
    throw invalidClientMetadata("Field userinfo_signed_response_alg can either be 'none' or 'RS256'.");
  }

  const redirects: GoUrl[] = client.redirect_uris.map((uri) => {
    if (uri.includes('#')) throw invalidRedirectUri('Redirect URIs must not contain fragments (#).');
    const url = parseRequestURI(uri);
    if (!url) throw invalidRedirectUri(`Unable to parse redirect URL: ${uri}`);
    return url;
  });

  const subjectTypes = supportedSubjectTypes(options, client.access_token_strategy);
  if (client.subject_type !== '') {
    if (!subjectTypes.includes(client.subject_type)) {
      throw invalidClientMetadata(`Subject type ${client.subject_type} is not supported by server, only [${subjectTypes.join(' ')}] are allowed.`);
    }
  } else {
    client.subject_type = subjectTypes.includes('public') ? 'public' : (subjectTypes[0] ?? 'public');
  }

  for (const uri of client.post_logout_redirect_uris) {
    const url = parseRequestURI(uri);
    if (!url) throw invalidClientMetadata(`Unable to parse post_logout_redirect_uri: ${uri}`);
    if (!redirects.some((r) => r.scheme === url.scheme && r.hostname === url.hostname && r.port === url.port)) {
      throw invalidClientMetadata(
        `post_logout_redirect_uri ${JSON.stringify(uri)} must match the domain, port, scheme of at least one of the registered redirect URIs but did not`,
      );
    }
  }

  if (client.access_token_strategy !== '') {
    const strategy = client.access_token_strategy.toLowerCase();
    if (strategy !== 'jwt' && strategy !== 'opaque') {
      throw invalidClientMetadata(`invalid access token strategy: expected one of [jwt, opaque] but got ${strategy}`);
    }
    client.access_token_strategy = strategy;
  }

  return client;
}

/** A JWK whose key material is usable (go-jose's JSONWebKey.Valid). */
function isValidJwk(key: unknown): boolean {
  if (typeof key !== 'object' || key === null) return false;
  const jwk = key as Record<string, unknown>;
  if (jwk.kty === 'oct') return typeof jwk.k === 'string' && jwk.k.length > 0;
  if (!['RSA', 'EC', 'OKP'].includes(jwk.kty as string)) return false;
  try {
    createPublicKey({ key: jwk as never, format: 'jwk' });
    return true;
  } catch {
    return false;
  }
}
