// The device authorization grant (RFC 8628) as Hydra runs it (fosite's
// rfc8628 handlers): POST /oauth2/device/auth hands out a device code and a
// user code; the user types the user code into the device verification app
// and goes through the usual login and consent; meanwhile the device polls
// the token endpoint until the consent is in. Both codes are stored only as
// HMAC signatures; every state change is one conditional statement.
import { randomInt } from 'node:crypto';
import type { ClientRecord } from '../client/repository.js';
import { uuidV7 } from '../crypto/ids.js';
import type { AuthorizedRequest } from '../oauth2/grant.js';
import {
  accessDenied,
  authorizationPending,
  expiredToken,
  invalidGrant,
  invalidRequest,
  serverError,
  SLOW_DOWN_DEFAULT_HINT,
  slowDown,
} from '../oauth2/errors.js';
import type { ScopeStrategy } from '../oauth2/scope.js';
import { UserCodeState, type DeviceAuthorizationRecord, type DeviceAuthorizationRepository } from './device-repository.js';
import type { Form } from './form.js';
import { clientHasGrant, requestedScopeAndAudience } from './grants/grant.js';
import { expiry } from './lifespans.js';
import { goTime } from './lookup.js';
import type { OpaqueTokenCodec } from './opaque.js';
import type { SessionCodec } from './session-codec.js';
import type { TokenSession } from './session.js';
import { authorizeCodeGrant, consentedGrant } from './authorize-response.js';
import { joinUrl, type DeviceSettings } from './settings.js';

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
export const DEVICE_VERIFICATION_PATH = '/oauth2/device/verify';

/** RFC 8628 §3.2, members in Hydra's order. */
export interface DeviceAuthorizationResponse {
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete: string;
  expires_in: number;
  interval: number;
}

/** A device authorization waiting for its user, found by the user code the user typed. */
export interface PendingDevice {
  requestId: string;
  clientId: string;
  requestedScope: string[];
  requestedAudience: string[];
}

/** An accepted device authorization the device polled for: its row and the session its tokens carry. */
export interface AcceptedDevice {
  record: DeviceAuthorizationRecord;
  session: TokenSession;
}

/** Hydra tries three user codes before giving up on a (very unlikely) collision. */
const USER_CODE_ATTEMPTS = 3;

const userCodeUnusable = () => invalidRequest("The 'user_code' session could not be found or has expired or is otherwise malformed.");

export interface DeviceAuthorizationsDeps {
  repo: DeviceAuthorizationRepository;
  opaque: OpaqueTokenCodec;
  sessions: SessionCodec;
  settings: DeviceSettings;
  scopeStrategy: ScopeStrategy;
  /** urls.self.public: the verification URI is served there. */
  publicUrl: string;
}

export class DeviceAuthorizations {
  constructor(private readonly deps: DeviceAuthorizationsDeps) {}

  /** POST /oauth2/device/auth for an authenticated client. */
  async start(client: ClientRecord, form: Form, now: Date): Promise<DeviceAuthorizationResponse> {
    if (client.client_id !== form.get('client_id')) throw invalidRequest('Provided client_id mismatch.');
    if (!clientHasGrant(client, DEVICE_CODE_GRANT)) {
      throw invalidGrant(`The requested OAuth 2.0 Client does not have the '${DEVICE_CODE_GRANT}' grant.`);
    }
    const { scope, audience } = requestedScopeAndAudience(this.deps.scopeStrategy, { client, form });
    const expiresAt = expiry(now, this.deps.settings.lifespan, true)!;
    const { token: deviceCode, signature } = this.deps.opaque.generate('device_code');
    const userCode = await this.insertWithFreshUserCode({
      deviceCodeSignature: signature,
      userCodeSignature: '',
      requestId: uuidV7(),
      clientId: client.client_id,
      requestedAt: now,
      expiresAt,
      requestedScope: scope,
      requestedAudience: audience,
      userCodeState: UserCodeState.Unused,
      consentId: null,
      grantedScope: [],
      grantedAudience: [],
      encryptedSession: null,
      lastPolledAt: null,
    });
    const verificationUri = joinUrl(this.deps.publicUrl, DEVICE_VERIFICATION_PATH);
    return {
      device_code: deviceCode,
      user_code: userCode,
      verification_uri: verificationUri,
      verification_uri_complete: `${verificationUri}?user_code=${encodeURIComponent(userCode)}`,
      expires_in: Math.floor((expiresAt.getTime() - now.getTime()) / 1000),
      interval: Math.floor(this.deps.settings.pollingInterval / 1000),
    };
  }

  private async insertWithFreshUserCode(record: DeviceAuthorizationRecord): Promise<string> {
    for (let attempt = 0; attempt < USER_CODE_ATTEMPTS; attempt++) {
      const userCode = this.newUserCode();
      if (await this.deps.repo.insert({ ...record, userCodeSignature: this.deps.opaque.signCode(userCode) })) return userCode;
    }
    throw serverError(undefined, `Exceeded user-code generation max attempts ${USER_CODE_ATTEMPTS}.`);
  }

  private newUserCode(): string {
    const { userCodeLength, userCodeSymbols } = this.deps.settings;
    return Array.from({ length: userCodeLength }, () => userCodeSymbols[randomInt(userCodeSymbols.length)]).join('');
  }

  /** The device authorization a user code names, while it is unused and unexpired (one error for every other case, as Hydra). */
  async findPendingUserCode(userCode: string, now: Date): Promise<PendingDevice> {
    const record = await this.deps.repo.findByUserCode(this.deps.opaque.signCode(userCode));
    if (!record || record.userCodeState !== UserCodeState.Unused || record.expiresAt.getTime() < now.getTime()) throw userCodeUnusable();
    const { requestId, clientId, requestedScope, requestedAudience } = record;
    return { requestId, clientId, requestedScope, requestedAudience };
  }

  /** The user consented: the device may now redeem its code for the grant. */
  async accept(deviceRequestId: string, consented: AuthorizedRequest, now: Date): Promise<void> {
    const record = await this.deps.repo.findByRequestId(deviceRequestId);
    if (!record || record.userCodeState !== UserCodeState.Unused || record.expiresAt.getTime() < now.getTime()) throw userCodeUnusable();
    const accepted = await this.deps.repo.accept(deviceRequestId, {
      consentId: consented.requestId,
      grantedScope: consented.grantedScope,
      grantedAudience: consented.grantedAudience,
      encryptedSession: this.deps.sessions.seal(record.deviceCodeSignature, sessionOf(record, consented, now)),
    });
    if (!accepted) throw userCodeUnusable();
  }

  /** The user's login or consent was rejected: the device is told access_denied. */
  async reject(deviceRequestId: string): Promise<void> {
    await this.deps.repo.reject(deviceRequestId);
  }

  /**
   * A poll of the token endpoint: the device authorization once accepted,
   * else the RFC 8628 error that tells the device what to do. Nothing is
   * consumed yet (token hooks run first; see consume).
   */
  async accepted(deviceCode: string, client: ClientRecord, now: Date): Promise<AcceptedDevice> {
    const signature = this.deps.opaque.verify('device_code', deviceCode);
    const record = signature ? await this.deps.repo.findByDeviceCode(signature) : undefined;
    if (!signature || !record) throw invalidGrant();
    if (record.clientId !== client.client_id) {
      throw invalidGrant('The OAuth 2.0 Client ID from this request does not match the one from the authorize request.');
    }
    if (record.expiresAt.getTime() < now.getTime()) throw expiredToken(`Device code expired at '${goTime(record.expiresAt)}'.`);
    if (!(await this.deps.repo.recordPoll(signature, now, this.deps.settings.pollingInterval))) throw slowDown(SLOW_DOWN_DEFAULT_HINT);
    if (record.userCodeState === UserCodeState.Unused) throw authorizationPending();
    if (record.userCodeState === UserCodeState.Rejected || !record.encryptedSession) throw accessDenied();
    return { record, session: this.deps.sessions.open(signature, record.encryptedSession) };
  }

  /** Deletes the accepted device authorization: the device code works once, and a concurrent poll that loses gets invalid_grant. */
  async consume({ record }: AcceptedDevice): Promise<void> {
    if (!(await this.deps.repo.redeem(record.deviceCodeSignature))) throw invalidGrant();
  }
}

/** The session the grant's tokens will carry, with the OIDC parameters ID tokens are checked against (as an authorization code keeps them). */
const sessionOf = (record: DeviceAuthorizationRecord, consented: AuthorizedRequest, now: Date): TokenSession =>
  authorizeCodeGrant(consentedGrant({ client_id: record.clientId, access_token_strategy: '' }, consented, now), consented).session;
