// GraphQL types of the login, consent and logout requests a login/consent/logout app reads
// and answers (Hydra's /admin/oauth2/auth/requests/…), with camelCase names.
// The client is not embedded: `client` resolves through the per-request
// client DataLoader from the hidden `clientId` of the object.
import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { DateTime, JSON } from '../scalars.js';

@ObjectType('OidcContext', { description: 'The OpenID Connect hints of the authorization request; a member is null when the request did not carry it.' })
export class OidcContextType {
  @Field(() => [String], { nullable: true, description: 'acr_values, split on spaces.' }) acrValues!: string[] | null;
  @Field(() => [String], { nullable: true, description: 'ui_locales, split on spaces.' }) uiLocales!: string[] | null;
  @Field(() => String, { nullable: true }) display!: string | null;
  @Field(() => JSON, { nullable: true, description: 'Claims of the id_token_hint, when one was sent.' }) idTokenHintClaims!: Record<string, unknown> | null;
  @Field(() => String, { nullable: true }) loginHint!: string | null;
}

/** Fields shared by login and consent requests; not itself part of the schema. */
@ObjectType()
export abstract class AdminRequestFields {
  @Field(() => [String], { description: 'Scopes the client asked for.' }) requestedScope!: string[];
  @Field(() => [String], { description: 'Access token audiences the client asked for.' }) requestedAccessTokenAudience!: string[];
  @Field(() => String, { description: 'The subject: the remembered one on a skipped login, the accepted one on a consent request; "" otherwise.' }) subject!: string;
  @Field(() => OidcContextType) oidcContext!: OidcContextType;
  @Field(() => String, { description: 'The original /oauth2/auth URL.' }) requestUrl!: string;
  /** The client's id, for the `client` field resolver; not a GraphQL field. */
  clientId!: string;
}

@ObjectType('LoginRequest', { description: 'A login request, as the login app reads it (Hydra\'s OAuth2LoginRequest).' })
export class LoginRequestType extends AdminRequestFields {
  @Field(() => String, { description: 'The login challenge.' }) challenge!: string;
  @Field(() => Boolean, { description: 'True when a remembered login session lets the app skip asking for credentials; accept with the shown subject.' }) skip!: boolean;
  @Field(() => String, { description: 'The login session id (sid) this login joins or starts.' }) sessionId!: string;
}

@ObjectType('ConsentRequest', { description: 'A consent request, as the consent app reads it (Hydra\'s OAuth2ConsentRequest).' })
export class ConsentRequestType extends AdminRequestFields {
  @Field(() => String, { description: 'The consent challenge; "" inside a consent session.' }) challenge!: string;
  @Field(() => String, { description: 'Shared by every token of the grant; revokeConsentSessions accepts it.' }) consentRequestId!: string;
  @Field(() => Boolean, { description: 'True when a remembered consent covers the request; accept without asking.' }) skip!: boolean;
  @Field(() => String, { description: 'The id of the login request that led here.' }) loginChallenge!: string;
  @Field(() => String, { nullable: true, description: 'The login session id (sid).' }) loginSessionId!: string | null;
  @Field(() => String, { description: 'Authentication context class of the accepted login.' }) acr!: string;
  @Field(() => [String], { description: 'Authentication methods of the accepted login.' }) amr!: string[];
  @Field(() => JSON, { nullable: true, description: 'The context given when the login (or the consent) was accepted.' }) context!: unknown;
}

@ObjectType('CompletedRequest', { description: 'Where to send the browser next.' })
export class CompletedRequestType {
  @Field(() => String, { description: 'The URL the login/consent app redirects the browser to.' }) redirectTo!: string;
}

@InputType('AcceptLoginRequestInput', { description: 'How the user logged in (Hydra\'s AcceptOAuth2LoginRequest).' })
export class AcceptLoginRequestInput {
  @Field(() => String, { description: 'The authenticated user\'s id; must not be empty.' }) subject!: string;
  @Field(() => Boolean, { nullable: true, description: 'Remember the login in the browser, so later logins are skipped.' }) remember?: boolean | null;
  @Field(() => Int, { nullable: true, description: 'Seconds to remember the login; 0 means the configured authentication session lifespan.' }) rememberFor?: number | null;
  @Field(() => Boolean, { nullable: true, description: 'Extend a skipped login session\'s lifespan.' }) extendSessionLifespan?: boolean | null;
  @Field(() => String, { nullable: true }) acr?: string | null;
  @Field(() => [String], { nullable: true }) amr?: string[] | null;
  @Field(() => JSON, { nullable: true, description: 'Free JSON passed on to the consent request.' }) context?: unknown;
  @Field(() => String, { nullable: true }) identityProviderSessionId?: string | null;
  @Field(() => String, { nullable: true, description: 'A pairwise subject to use instead of the computed one.' }) forceSubjectIdentifier?: string | null;
}

@InputType('ConsentSessionClaimsInput', { description: 'Extra claims for the tokens of the grant.' })
export class ConsentSessionClaimsInput {
  @Field(() => JSON, { nullable: true, description: 'Claims added to access tokens (and shown as `ext` by introspection).' }) accessToken?: Record<string, unknown> | null;
  @Field(() => JSON, { nullable: true, description: 'Claims added to ID tokens.' }) idToken?: Record<string, unknown> | null;
}

@InputType('AcceptConsentRequestInput', { description: 'What the user granted (Hydra\'s AcceptOAuth2ConsentRequest).' })
export class AcceptConsentRequestInput {
  @Field(() => [String], { nullable: true }) grantScope?: string[] | null;
  @Field(() => [String], { nullable: true }) grantAccessTokenAudience?: string[] | null;
  @Field(() => Boolean, { nullable: true, description: 'Remember the consent, so later requests for these scopes skip it.' }) remember?: boolean | null;
  @Field(() => Int, { nullable: true, description: 'Seconds to remember the consent; 0 means forever.' }) rememberFor?: number | null;
  @Field(() => ConsentSessionClaimsInput, { nullable: true }) session?: ConsentSessionClaimsInput | null;
  @Field(() => JSON, { nullable: true, description: 'Replaces the login\'s context when given (even as null).' }) context?: unknown;
}

@InputType('RejectRequestInput', { description: 'Why the request is denied; the client receives it as an OAuth 2.0 error.' })
export class RejectRequestInput {
  @Field(() => String, { nullable: true, description: 'The error code; "login request denied" / "consent request denied" when omitted.' }) error?: string | null;
  @Field(() => String, { nullable: true }) errorDescription?: string | null;
  @Field(() => String, { nullable: true }) errorHint?: string | null;
  @Field(() => String, { nullable: true }) errorDebug?: string | null;
  @Field(() => Int, { nullable: true, description: 'HTTP status of the error; 400 when omitted.' }) statusCode?: number | null;
}

@ObjectType('LogoutRequest', { description: 'A logout request, as the logout app reads it (Hydra\'s OAuth2LogoutRequest).' })
export class LogoutRequestType {
  @Field(() => String, { description: 'The logout challenge.' }) challenge!: string;
  @Field(() => String, { description: 'The user being logged out.' }) subject!: string;
  @Field(() => String, { description: 'The login session (sid) that ends.' }) sid!: string;
  @Field(() => String, { description: 'The /oauth2/sessions/logout URL as called.' }) requestUrl!: string;
  @Field(() => Boolean, { description: 'True when a relying party asked (with an id_token_hint); the client is then known.' }) rpInitiated!: boolean;
  @Field(() => DateTime) requestedAt!: Date;
  @Field(() => DateTime, { description: 'After this the request can no longer be accepted or completed.' }) expiresAt!: Date;
  /** The relying party's client id ('' when none), for the `client` field resolver; not a GraphQL field. */
  clientId!: string;
}

@InputType('AcceptDeviceUserCodeInput', { description: 'The user code the user typed into the device verification app (Hydra\'s AcceptDeviceUserCodeRequest).' })
export class AcceptDeviceUserCodeInput {
  @Field(() => String, { description: 'The user code the device shows; must not be empty.' }) userCode!: string;
}
