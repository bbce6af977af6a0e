// Flow ⇄ challenge/verifier strings. The flow is JSON, deflated, then sealed
// with AES-GCM (Aead purpose 'flow') whose associated data is the purpose, so
// a login challenge can never be presented as a login verifier or a consent
// challenge, and the other way round. Nothing is stored: whoever holds a valid,
// unexpired string holds the flow state (Hydra's flow/encoding.go).
import { deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * A flow is under a few KiB: a 1 KiB window and small hash tables compress it
 * as well as the defaults while zlib allocates ~10 KiB per call, not ~270.
 * Inflating needs no options (a larger window reads a smaller one).
 */
const DEFLATE = { level: 9, windowBits: 10, memLevel: 4 };
import type { Aead } from '../crypto/aead.js';
import type { OAuth2Error } from '../errors.js';
import { accessDenied, requestUnauthorized, resourceNotFound } from '../oauth2/errors.js';
import type { DeviceFlow, Flow } from './flow.js';

export type DevicePurpose = 'device_challenge' | 'device_verifier';
export type FlowPurpose = 'login_challenge' | 'login_verifier' | 'consent_challenge' | 'consent_verifier' | DevicePurpose;

const phase = (purpose: FlowPurpose) => purpose.slice(0, purpose.indexOf('_'));

/** Admin API challenges that do not open are "not found"; verifiers on /oauth2/auth are "access denied". */
function unreadable(purpose: FlowPurpose): OAuth2Error {
  if (purpose.endsWith('challenge')) return resourceNotFound();
  return accessDenied(`The ${phase(purpose)} verifier has already been used, has not been granted, or is invalid.`);
}

export const flowExpired = (purpose: FlowPurpose) => requestUnauthorized(`The ${phase(purpose)} request has expired, please try again.`);

export class FlowCodec {
  constructor(
    private readonly aead: Aead,
    /** ttl.login_consent_request, milliseconds. */
    private readonly ttlMs: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  encode(flow: Flow | DeviceFlow, purpose: FlowPurpose): string {
    return this.aead.encrypt(deflateRawSync(Buffer.from(JSON.stringify(flow)), DEFLATE), purpose);
  }

  /** The flow inside `value`; throws 404 / access_denied when it does not open, 401 once the flow expired. */
  decode(value: string, purpose: Exclude<FlowPurpose, DevicePurpose>): Flow;
  decode(value: string, purpose: DevicePurpose): DeviceFlow;
  decode(value: string, purpose: FlowPurpose): Flow | DeviceFlow {
    let flow: Flow | DeviceFlow;
    try {
      flow = JSON.parse(inflateRawSync(this.aead.decryptBytes(value, purpose)).toString('utf8')) as Flow | DeviceFlow;
    } catch {
      throw unreadable(purpose);
    }
    if (typeof flow?.id !== 'string' || typeof flow.requestedAt !== 'number') throw unreadable(purpose);
    if (flow.requestedAt * 1000 + this.ttlMs < this.now().getTime()) throw flowExpired(purpose);
    return flow;
  }
}
