// An OAuth 2.0 client exactly as Hydra's API shows it (its `oAuth2Client`
// schema). The field names are the wire names: this type *is* the REST
// contract, and GraphQL maps it to camelCase at its edge.
import type { JSONWebKeySet } from 'jose';

export const LIFESPAN_FIELDS = [
  'authorization_code_grant_access_token_lifespan',
  'authorization_code_grant_id_token_lifespan',
  'authorization_code_grant_refresh_token_lifespan',
  'client_credentials_grant_access_token_lifespan',
  'implicit_grant_access_token_lifespan',
  'implicit_grant_id_token_lifespan',
  'jwt_bearer_grant_access_token_lifespan',
  'refresh_token_grant_id_token_lifespan',
  'refresh_token_grant_access_token_lifespan',
  'refresh_token_grant_refresh_token_lifespan',
  'device_authorization_grant_id_token_lifespan',
  'device_authorization_grant_access_token_lifespan',
  'device_authorization_grant_refresh_token_lifespan',
] as const;

export type LifespanField = (typeof LIFESPAN_FIELDS)[number];
/** Go duration strings ("1h0m0s"); null means the configured default. */
export type ClientLifespans = { [K in LifespanField]: string | null };

export interface OAuth2Client extends ClientLifespans {
  client_id: string;
  client_name: string;
  /** Only ever set in the response that created or rotated it. */
  client_secret?: string;
  client_secret_expires_at: number;
  redirect_uris: string[];
  grant_types: string[];
  response_types: string[];
  scope: string;
  audience: string[];
  owner: string;
  policy_uri: string;
  allowed_cors_origins: string[];
  tos_uri: string;
  client_uri: string;
  logo_uri: string;
  contacts: string[];
  subject_type: string;
  sector_identifier_uri: string;
  jwks_uri: string;
  jwks: JSONWebKeySet | Record<string, never>;
  token_endpoint_auth_method: string;
  token_endpoint_auth_signing_alg: string;
  request_uris: string[];
  request_object_signing_alg: string;
  userinfo_signed_response_alg: string;
  frontchannel_logout_uri: string;
  frontchannel_logout_session_required: boolean;
  post_logout_redirect_uris: string[];
  backchannel_logout_uri: string;
  backchannel_logout_session_required: boolean;
  metadata: Record<string, unknown>;
  access_token_strategy: string;
  skip_consent: boolean;
  skip_logout_consent: boolean | null;
  /** Only ever set in the response of a dynamic registration. */
  registration_access_token?: string;
  registration_client_uri?: string;
  created_at: string;
  updated_at: string;
}

/** What a caller may send when creating or replacing a client. */
export type OAuth2ClientInput = Partial<Omit<OAuth2Client, 'created_at' | 'updated_at' | 'registration_access_token' | 'registration_client_uri'>>;

export interface ClientFilter {
  client_name?: string;
  owner?: string;
}
