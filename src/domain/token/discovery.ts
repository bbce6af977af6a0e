// OpenID Connect Discovery 1.0 / RFC 8414 metadata with Hydra's field names,
// advertising only what this server does: a relying party that trusts the
// document must not be sent to an endpoint, flow or method that fails. (Hydra
// also lists `plain` PKCE and verifiable credentials; neither is served.)
import type { Config } from '../../config/settings.js';
import type { TokenSettings } from './settings.js';
import { joinUrl } from './settings.js';
import { REGISTRATION_PATH } from '../client/registration.js';

/** What the settings decide about the document. */
export interface DiscoverySettings {
  /** oidc.subject_identifiers.supported_types */
  subjectTypes: readonly string[];
  /** oidc.dynamic_client_registration.enabled: advertise /oauth2/register. */
  dynamicClientRegistration: boolean;
  /** webfinger.oidc_discovery.supported_claims / supported_scope: added to Hydra's own. */
  supportedClaims: readonly string[];
  supportedScopes: readonly string[];
  /**
   * webfinger.oidc_discovery.*_url: published instead of this server's own
   * endpoint URLs (a gateway in front of it, say); '' publishes our own.
   */
  urls: { authorization: string; token: string; jwks: string; userinfo: string; registration: string; deviceAuthorization: string };
}

export function discoverySettingsFrom(config: Config): DiscoverySettings {
  return {
    subjectTypes: config['oidc.subject_identifiers.supported_types'],
    dynamicClientRegistration: config['oidc.dynamic_client_registration.enabled'],
    supportedClaims: config['webfinger.oidc_discovery.supported_claims'],
    supportedScopes: config['webfinger.oidc_discovery.supported_scope'],
    urls: {
      authorization: config['webfinger.oidc_discovery.auth_url'],
      token: config['webfinger.oidc_discovery.token_url'],
      jwks: config['webfinger.oidc_discovery.jwks_url'],
      userinfo: config['webfinger.oidc_discovery.userinfo_url'],
      registration: config['webfinger.oidc_discovery.client_registration_url'],
      deviceAuthorization: config['webfinger.oidc_discovery.device_authorization_url'],
    },
  };
}

export function discoveryDocument(settings: TokenSettings, options: DiscoverySettings, alg: string) {
  const { issuer, publicUrl } = settings;
  const { urls } = options;
  let subjectTypes = options.subjectTypes.filter((t) => t === 'public' || t === 'pairwise');
  if (settings.accessTokenStrategy === 'jwt') subjectTypes = subjectTypes.filter((t) => t !== 'pairwise');
  if (subjectTypes.length === 0) subjectTypes = ['public'];
  return {
    issuer,
    authorization_endpoint: urls.authorization || joinUrl(publicUrl, '/oauth2/auth'),
    token_endpoint: urls.token || joinUrl(publicUrl, '/oauth2/token'),
    jwks_uri: urls.jwks || joinUrl(issuer, '/.well-known/jwks.json'),
    subject_types_supported: subjectTypes,
    // Hydra's list (it serves `code token` too without naming it).
    response_types_supported: ['code', 'code id_token', 'id_token', 'token id_token', 'token', 'token id_token code'],
    claims_supported: [...new Set(['sub', ...options.supportedClaims])],
    grant_types_supported: ['authorization_code', 'implicit', 'client_credentials', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code', 'urn:ietf:params:oauth:grant-type:jwt-bearer'],
    response_modes_supported: ['query', 'fragment', 'form_post'],
    userinfo_endpoint: urls.userinfo || joinUrl(publicUrl, '/userinfo'),
    scopes_supported: [...new Set(['offline_access', 'offline', 'openid', ...options.supportedScopes])],
    token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic', 'private_key_jwt', 'none'],
    userinfo_signing_alg_values_supported: ['none', alg],
    id_token_signing_alg_values_supported: [alg],
    id_token_signed_response_alg: [alg],
    userinfo_signed_response_alg: [alg],
    request_parameter_supported: true,
    request_uri_parameter_supported: true,
    require_request_uri_registration: true,
    claims_parameter_supported: false,
    revocation_endpoint: joinUrl(issuer, '/oauth2/revoke'),
    backchannel_logout_supported: true,
    backchannel_logout_session_supported: true,
    frontchannel_logout_supported: true,
    frontchannel_logout_session_supported: true,
    end_session_endpoint: joinUrl(issuer, '/oauth2/sessions/logout'),
    code_challenge_methods_supported: ['S256'],
    request_object_signing_alg_values_supported: ['none', 'RS256', 'ES256'],
    device_authorization_endpoint: urls.deviceAuthorization || joinUrl(publicUrl, '/oauth2/device/auth'),
    ...(options.dynamicClientRegistration && { registration_endpoint: urls.registration || joinUrl(publicUrl, REGISTRATION_PATH) }),
  };
}
