// What the device authorization grant (RFC 8628) needs from storage: one row
// per device authorization, keyed by the device code's signature and found by
// the user code's signature (neither code is stored). Every state change is
// one conditional statement, so concurrent instances cannot both win it.

/** Hydra's user code states. */
export const UserCodeState = { Unused: 0, Accepted: 1, Rejected: 2 } as const;
export type UserCodeState = (typeof UserCodeState)[keyof typeof UserCodeState];

export interface DeviceAuthorizationRecord {
  deviceCodeSignature: string;
  userCodeSignature: string;
  /** The grant's request id: the flow refers to the device authorization by it. */
  requestId: string;
  clientId: string;
  requestedAt: Date;
  /** When both codes expire (ttl.device_user_code). */
  expiresAt: Date;
  requestedScope: string[];
  requestedAudience: string[];
  userCodeState: UserCodeState;
  /** The consent session (its consent_request_id) the grant came from, once accepted. */
  consentId: string | null;
  grantedScope: string[];
  grantedAudience: string[];
  /** The TokenSession, sealed by SessionCodec under the device code signature; set when accepted. */
  encryptedSession: string | null;
  lastPolledAt: Date | null;
}

/** What the user's consent adds to a device authorization. */
export interface DeviceAcceptance {
  consentId: string;
  grantedScope: string[];
  grantedAudience: string[];
  encryptedSession: string;
}

export interface DeviceAuthorizationRepository {
  /** false when the user code signature is taken (the caller draws another user code). */
  insert(record: DeviceAuthorizationRecord): Promise<boolean>;
  findByDeviceCode(signature: string): Promise<DeviceAuthorizationRecord | undefined>;
  findByUserCode(signature: string): Promise<DeviceAuthorizationRecord | undefined>;
  findByRequestId(requestId: string): Promise<DeviceAuthorizationRecord | undefined>;
  /**
   * Records a poll at `now` unless the previous recorded one is less than
   * `intervalMs` ago; false means the device polls too fast (slow_down).
   */
  recordPoll(deviceCodeSignature: string, now: Date, intervalMs: number): Promise<boolean>;
  /** Unused → accepted with the consent's grant; false when no longer unused. */
  accept(requestId: string, acceptance: DeviceAcceptance): Promise<boolean>;
  /** Unused → rejected; false when no longer unused. */
  reject(requestId: string): Promise<boolean>;
  /** Deletes an accepted device authorization; true only for the caller that deleted it (single use). */
  redeem(deviceCodeSignature: string): Promise<boolean>;
}
