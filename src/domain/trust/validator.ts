// Decodes and validates a trust request as Hydra does (oauth2/trust: JSON
// decoding, then validateGrant), with its messages, plus one rule Hydra lacks:
// the key must be a public key (no private or symmetric key material).
import { createPublicKey } from 'node:crypto';
import type { JWK } from 'jose';
import { jsonKind } from '../client/decode.js';
import { invalidRequest } from '../errors.js';
import { missingRequiredParameter, undecodableBody } from './errors.js';

/** The trust request body (Hydra's trustOAuth2JwtGrantIssuer). */
export interface TrustRequestBody {
  issuer?: unknown;
  subject?: unknown;
  allow_any_subject?: unknown;
  scope?: unknown;
  jwk?: unknown;
  expires_at?: unknown;
}

export interface TrustDraft {
  issuer: string;
  subject: string;
  allowAnySubject: boolean;
  scope: string[];
  jwk: JWK;
  expiresAt: Date;
}

const KEY_TYPES = new Set(['RSA', 'EC', 'OKP', 'oct']);
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
/** Go's zero time, 0001-01-01T00:00:00Z: what an absent expires_at decodes to. */
const ZERO_TIME = Date.parse('0001-01-01T00:00:00Z');

export function decodeTrustRequest(body: unknown): TrustDraft {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw undecodableBody(`json: cannot unmarshal ${jsonKind(body)} into Go value of type trust.createGrantRequest`);
  }
  const input = body as TrustRequestBody;
  const draft: TrustDraft = {
    issuer: stringField(input, 'issuer'),
    subject: stringField(input, 'subject'),
    allowAnySubject: boolField(input, 'allow_any_subject'),
    scope: scopeField(input),
    jwk: jwkField(input),
    expiresAt: timeField(input),
  };
  validateTrust(draft);
  return draft;
}

/** Hydra's validateGrant, in its order, then the public-key rule. */
function validateTrust(draft: TrustDraft): void {
  if (draft.issuer === '') throw missingRequiredParameter("Field 'issuer' is required.");
  if (draft.subject === '' && !draft.allowAnySubject) throw missingRequiredParameter("One of 'subject' or 'allow_any_subject' field must be set.");
  if (draft.subject !== '' && draft.allowAnySubject) {
    throw missingRequiredParameter("Both 'subject' and 'allow_any_subject' fields cannot be set at the same time.");
  }
  if (draft.expiresAt.getTime() === ZERO_TIME) throw missingRequiredParameter("Field 'expires_at' is required.");
  if (!draft.jwk.kid) throw missingRequiredParameter("Field 'jwk' must contain JWK with kid header.");
  assertPublicKey(draft.jwk);
}

/** Not in Hydra, which stores whatever key it is given: a trust needs the public half only. */
function assertPublicKey(jwk: JWK): void {
  if (jwk.kty === 'oct') throw invalidRequest("Field 'jwk' must be a public key, not a symmetric key.");
  const present = PRIVATE_MEMBERS.filter((member) => member in jwk);
  if (present.length > 0) throw invalidRequest(`Field 'jwk' must be a public key, but it contains private key members (${present.join(', ')}).`);
  try {
    createPublicKey({ key: jwk as never, format: 'jwk' });
  } catch (err) {
    throw invalidRequest(`Field 'jwk' is not a usable public key: ${(err as Error).message}`);
  }
}

const wrongType = (value: unknown, field: string, goType: string) =>
  undecodableBody(`json: cannot unmarshal ${jsonKind(value)} into Go struct field createGrantRequest.${field} of type ${goType}`);

// As Go decodes, null leaves a field at its zero value.
function stringField(input: TrustRequestBody, field: 'issuer' | 'subject'): string {
  const value = input[field];
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw wrongType(value, field, 'string');
  return value;
}

function boolField(input: TrustRequestBody, field: 'allow_any_subject'): boolean {
  const value = input[field];
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw wrongType(value, field, 'bool');
  return value;
}

function scopeField(input: TrustRequestBody): string[] {
  const value = input.scope;
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw wrongType(value, 'scope', '[]string');
  const bad = value.find((s) => typeof s !== 'string');
  if (bad !== undefined) throw wrongType(bad, 'scope', 'string');
  return value as string[];
}

function jwkField(input: TrustRequestBody): JWK {
  const value = input.jwk;
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw wrongType(value, 'jwk', 'jose.rawJSONWebKey');
  const jwk = value as JWK;
  if (typeof jwk.kty !== 'string' || !KEY_TYPES.has(jwk.kty)) {
    throw undecodableBody(`go-jose/go-jose: unknown json web key type '${typeof jwk.kty === 'string' ? jwk.kty : ''}'`);
  }
  if (jwk.kid !== undefined && typeof jwk.kid !== 'string') throw wrongType(jwk.kid, 'jwk.kid', 'string');
  return jwk;
}

function timeField(input: TrustRequestBody): Date {
  const value = input.expires_at;
  if (value === undefined || value === null) return new Date(ZERO_TIME);
  if (typeof value !== 'string') throw wrongType(value, 'expires_at', 'time.Time');
  const parsed = RFC3339.test(value) ? new Date(value.toUpperCase()) : undefined;
  if (!parsed || Number.isNaN(parsed.getTime())) {
    throw undecodableBody(`parsing time ${JSON.stringify(JSON.stringify(value))} as "\\"2006-01-02T15:04:05Z07:00\\"": cannot parse ${JSON.stringify(JSON.stringify(value))} as "2006"`);
  }
  return parsed;
}
