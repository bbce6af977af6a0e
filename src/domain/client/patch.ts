// RFC 6902 JSON Patch with the rules Hydra applies to clients (ory/x
// jsonx.ApplyJSONPatch): only add, remove and replace; some paths may not be
// patched; `replace` of a missing member adds it, and `add` creates missing
// parent objects.
import jsonPatch from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import { malformed } from './errors.js';
import type { JsonPatchOperation } from './service.js';

const ALLOWED_OPS = new Set(['add', 'remove', 'replace']);
/**
 * Hydra denies its internal id and rotated secrets. It does not deny
 * /client_id, but patching it makes Hydra update whichever client has the new
 * id; Gatehouse refuses instead.
 */
const DENIED = [/^\/client_id(\/|$)/, /^\/rotated_secrets(\/|$)/];

const patchError = (reason: string) => malformed(`Unable to apply the JSON patch: ${reason}`);

function isElementAccess(path: string): boolean {
  const last = path.split('/').at(-1) ?? '';
  return last === '-' || /^-?\d+$/.test(last);
}

function unescape(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** EnsurePathExistsOnAdd: create the missing objects above an added member. */
function ensureParents(doc: Record<string, unknown>, path: string): void {
  const segments = path.split('/').slice(1, -1).map(unescape);
  let node: unknown = doc;
  for (const [i, segment] of segments.entries()) {
    if (typeof node !== 'object' || node === null) return;
    const container = node as Record<string, unknown>;
    if (container[segment] === undefined && !Array.isArray(container)) {
      const next = segments[i + 1];
      container[segment] = next !== undefined && /^(\d+|-)$/.test(next) ? [] : {};
    }
    node = container[segment];
  }
}

/** Applies `operations` to a copy of `doc`; errors are 400s naming the problem. */
export function applyClientPatch(doc: Record<string, unknown>, operations: readonly JsonPatchOperation[] | unknown): Record<string, unknown> {
  if (!Array.isArray(operations)) throw patchError('the body must be a JSON array of operations');
  let target = structuredClone(doc);
  const ops: Operation[] = [];
  for (const raw of operations as unknown[]) {
    if (typeof raw !== 'object' || raw === null || typeof (raw as JsonPatchOperation).op !== 'string' || typeof (raw as JsonPatchOperation).path !== 'string') {
      throw patchError('every operation needs a string "op" and "path"');
    }
    const op = { ...(raw as JsonPatchOperation) };
    if (!ALLOWED_OPS.has(op.op)) throw patchError(`unsupported operation: ${op.op}`);
    if (op.path !== '' && !op.path.startsWith('/')) throw patchError(`invalid path: ${op.path}`);
    if (DENIED.some((re) => re.test(op.path))) throw patchError(`patch includes denied path: ${op.path}`);
    if ((op.op === 'add' || op.op === 'replace') && !('value' in op)) throw patchError(`operation ${op.op} at ${op.path} has no value`);
    if (op.op === 'replace' && !isElementAccess(op.path)) op.op = 'add';
    ops.push(op as Operation);
  }
  try {
    for (const op of ops) {
      if (op.op === 'add') ensureParents(target, op.path);
      target = jsonPatch.applyOperation(target, op, true, true, true).newDocument;
    }
  } catch (err) {
    const message = String((err as Error)?.message ?? err).split('\n')[0];
    throw patchError(message ?? 'the patch does not apply');
  }
  return target;
}
