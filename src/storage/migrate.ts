// CONTRACT STUB — to be implemented (issue #2).
import type { Database } from './database.js';
/** Applies pending migrations; returns the names applied. */
export async function migrateUp(_db: Database): Promise<string[]> { return []; }
export async function migrationStatus(_db: Database): Promise<{ applied: string[]; pending: string[] }> { return { applied: [], pending: [] }; }
