// The state of one browser authorization flow, as Hydra keeps it: nothing is
// stored while the flow runs; the whole state travels encrypted inside the
// login/consent challenges and verifiers (see codec.ts). Unlike Hydra, the
// flow carries only the client id, not a client snapshot: the client is read
// when it is needed, so a flow always sees the client as it is now.

/** Hydra's flow states (flow/flow.go); the numbers are Hydra's. */
export const FlowState = {
  LoginUnused: 2,
  LoginUsed: 3,
  ConsentUnused: 5,
  ConsentUsed: 6,
  /** Device flows (RFC 8628): the device challenge is open, or its user code was accepted. */
  DeviceUnused: 8,
  DeviceUsed: 9,
  LoginError: 128,
  ConsentError: 129,
} as const;
export type FlowState = (typeof FlowState)[keyof typeof FlowState];

/** The OpenID Connect hints of the authorization request, shown to the login and consent app. */
export interface OidcContext {
  acr_values?: string[];
  ui_locales?: string[];
  display?: string;
  id_token_hint_claims?: Record<string, unknown>;
  login_hint?: string;
}

/** A login or consent rejection (Hydra's RequestDeniedError), carried to the client on the next leg. */
export interface RequestDenied {
  error: string;
  error_description: string;
  error_hint: string;
  error_debug: string;
  status_code: number;
}

export interface Flow {
  /** The flow (login request) id: 32 hex characters; the consent session's key. */
  id: string;
  clientId: string;
  requestedScope: string[];
  requestedAudience: string[];
  oidcContext: OidcContext;
  /** The public /oauth2/auth URL with the query of the first request. */
  requestUrl: string;
  /** Unix seconds, truncated: the whole flow expires ttl.login_consent_request after it. */
  requestedAt: number;
  state: FlowState;

  loginSkip: boolean;
  /** The login session subject when skipped, then the accepted subject. */
  subject: string;
  /** Login session id (`sid`): the remembered session's, or a new UUID. */
  sessionId: string;
  loginCsrf: string;
  /** Unix seconds: the remembered session's, or the moment login was accepted. */
  loginAuthenticatedAt?: number;
  loginRemember: boolean;
  loginRememberFor: number;
  loginExtendSessionLifespan: boolean;
  identityProviderSessionId: string;
  forceSubjectIdentifier: string;
  acr: string;
  amr: string[];
  /** Free JSON from login accept (and consent accept, when given); null when none. */
  context: unknown;
  loginError?: RequestDenied;

  consentRequestId?: string;
  consentSkip: boolean;
  consentCsrf?: string;
  grantedScope: string[];
  grantedAudience: string[];
  consentRemember: boolean;
  consentRememberFor: number;
  /** Unix seconds. */
  consentHandledAt?: number;
  consentError?: RequestDenied;
  sessionIdToken: Record<string, unknown>;
  sessionAccessToken: Record<string, unknown>;

  /** Device flows: the device authorization (its request id) that this login and consent authorize. */
  deviceRequestId?: string;
}

/**
 * The first step of a device flow (Hydra's device challenge and verifier):
 * the user has opened the verification URI and is to type the user code.
 * Once the code is accepted it names the device authorization and the client.
 */
export interface DeviceFlow {
  id: string;
  /** The public /oauth2/device/verify URL (without user_code); the login and consent legs come back to it. */
  requestUrl: string;
  /** Unix seconds. */
  requestedAt: number;
  state: FlowState;
  deviceCsrf: string;
  clientId?: string;
  deviceRequestId?: string;
  requestedScope?: string[];
  requestedAudience?: string[];
}
