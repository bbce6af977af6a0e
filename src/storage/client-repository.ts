// CONTRACT STUB — to be implemented (issue #2).
import type { PrismaClient } from './database.js';
export class PrismaClientRepository {
  constructor(readonly prisma: PrismaClient) {}
}
