// camelCase GraphQL values ↔ the snake_case wire values the services take and
// return. Nothing here decides anything about clients: it only renames.
import type { ClientLifespans, OAuth2Client, OAuth2ClientInput } from '../domain/client/model.js';
import type { JsonPatchOperation } from '../domain/client/service.js';
import { LIFESPAN_FIELDS } from '../domain/client/model.js';
import { camelToSnake, snakeToCamel } from './naming.js';
import type { ClientLifespansInput, JsonPatchOperationInput, OAuth2ClientInputType, OAuth2ClientType } from './types/client.js';

/** Wire members never shown by the OAuth2Client type. */
const HIDDEN = new Set(['client_secret', 'registration_access_token', 'registration_client_uri']);
/** Wire members whose null is a value ("use the default"), not "absent". */
const NULL_MEANINGFUL = new Set<string>([...LIFESPAN_FIELDS, 'skip_logout_consent']);

export function toClientType(client: OAuth2Client): OAuth2ClientType {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(client)) {
    if (!HIDDEN.has(name)) out[snakeToCamel(name)] = value;
  }
  out.createdAt = new Date(client.created_at);
  out.updatedAt = new Date(client.updated_at);
  return out as unknown as OAuth2ClientType;
}

/** Omitted and null fields are left out, except where null itself means something. */
export function toClientInput(input: OAuth2ClientInputType): OAuth2ClientInput {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input)) {
    const wire = camelToSnake(name);
    if (value === undefined || (value === null && !NULL_MEANINGFUL.has(wire))) continue;
    out[wire] = value;
  }
  return out as OAuth2ClientInput;
}

export function toLifespans(input: ClientLifespansInput): Partial<ClientLifespans> {
  const out: Record<string, string | null> = {};
  for (const [name, value] of Object.entries(input)) {
    if (value !== undefined) out[camelToSnake(name)] = value as string | null;
  }
  return out as Partial<ClientLifespans>;
}

/** "/redirectUris/0" → "/redirect_uris/0"; only the first segment names a client field. */
function toWirePath(path: string): string {
  const match = /^\/([^/]*)(.*)$/s.exec(path);
  if (!match) return path;
  const [, first, rest] = match;
  return `/${camelToSnake(first!)}${rest}`;
}

export function toPatchOperations(operations: JsonPatchOperationInput[]): JsonPatchOperation[] {
  return operations.map((operation) => {
    const out: JsonPatchOperation = { op: operation.op, path: toWirePath(operation.path) };
    if (operation.value !== undefined) out.value = operation.value;
    if (operation.from !== undefined && operation.from !== null) out.from = toWirePath(operation.from);
    return out;
  });
}
