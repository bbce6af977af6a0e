// An in-memory ClientRepository for service tests; it counts calls so tests
// can check how the service uses storage.
import {
  DuplicateClientError,
  type ClientListQuery,
  type ClientRepository,
  type StoredClient,
} from '../../src/domain/client/repository.js';

export class MemoryClientRepository implements ClientRepository {
  readonly rows = new Map<string, StoredClient>();
  readonly calls: Record<string, number> = {};

  private count(name: string) {
    this.calls[name] = (this.calls[name] ?? 0) + 1;
  }

  async insert(record: StoredClient): Promise<void> {
    this.count('insert');
    if (this.rows.has(record.client.client_id)) throw new DuplicateClientError(record.client.client_id);
    this.rows.set(record.client.client_id, structuredClone(record));
  }

  async update(record: StoredClient): Promise<boolean> {
    this.count('update');
    if (!this.rows.has(record.client.client_id)) return false;
    this.rows.set(record.client.client_id, structuredClone(record));
    return true;
  }

  async get(id: string): Promise<StoredClient | undefined> {
    this.count('get');
    const row = this.rows.get(id);
    return row && structuredClone(row);
  }

  async getMany(ids: readonly string[]): Promise<StoredClient[]> {
    this.count('getMany');
    return ids.flatMap((id) => (this.rows.has(id) ? [structuredClone(this.rows.get(id)!)] : []));
  }

  async list({ filter, afterId, offset = 0, limit }: ClientListQuery): Promise<{ items: StoredClient[]; total: number }> {
    this.count('list');
    const matching = [...this.rows.values()]
      .filter((r) => (!filter.client_name || r.client.client_name === filter.client_name) && (!filter.owner || r.client.owner === filter.owner))
      .sort((a, b) => (a.client.client_id < b.client.client_id ? -1 : a.client.client_id > b.client.client_id ? 1 : 0));
    const after = afterId === undefined ? matching : matching.filter((r) => r.client.client_id > afterId);
    return { items: after.slice(offset, offset + limit).map((r) => structuredClone(r)), total: matching.length };
  }

  async delete(id: string): Promise<boolean> {
    this.count('delete');
    return this.rows.delete(id);
  }
}
