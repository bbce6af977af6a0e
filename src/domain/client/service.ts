// CONTRACT STUB — to be implemented (issue #2). Signatures are fixed: REST and
// GraphQL code against them.
import type { Page, PageRequest } from '../pagination.js';
import type { ClientFilter, ClientLifespans, OAuth2Client, OAuth2ClientInput } from './model.js';

export interface JsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  value?: unknown;
  from?: string;
}

export interface ClientServiceOptions {
  bcryptCost: number;
}

export class ClientService {
  constructor(_repo: unknown, _options: ClientServiceOptions) {}
  /** Validates, generates id/secret when absent, hashes the secret; the result carries the plaintext secret once. */
  async create(_input: OAuth2ClientInput): Promise<OAuth2Client> { throw new Error('not implemented'); }
  async get(_id: string): Promise<OAuth2Client> { throw new Error('not implemented'); }
  /** For DataLoader: one query for many ids; missing ids are absent from the map. */
  async getMany(_ids: readonly string[]): Promise<Map<string, OAuth2Client>> { throw new Error('not implemented'); }
  async list(_filter: ClientFilter, _page: PageRequest): Promise<Page<OAuth2Client>> { throw new Error('not implemented'); }
  /** PUT: replaces every field; the secret changes only when one is given. */
  async replace(_id: string, _input: OAuth2ClientInput): Promise<OAuth2Client> { throw new Error('not implemented'); }
  async patch(_id: string, _operations: JsonPatchOperation[]): Promise<OAuth2Client> { throw new Error('not implemented'); }
  async delete(_id: string): Promise<void> { throw new Error('not implemented'); }
  async setLifespans(_id: string, _lifespans: Partial<ClientLifespans>): Promise<OAuth2Client> { throw new Error('not implemented'); }
  /** New secret returned once; the old one keeps working until deleteRotatedSecrets. */
  async rotateSecret(_id: string): Promise<OAuth2Client> { throw new Error('not implemented'); }
  async deleteRotatedSecrets(_id: string): Promise<void> { throw new Error('not implemented'); }
}
