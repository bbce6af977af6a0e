// Device authorizations (`device_authorizations`) through Prisma: a device
// polls every few seconds at most, so none of this is a hot path. Each state
// change is one conditional statement.
import type { PrismaClient } from './database.js';
import { isUniqueViolation, strings } from './sql.js';
import {
  UserCodeState,
  type DeviceAcceptance,
  type DeviceAuthorizationRecord,
  type DeviceAuthorizationRepository,
} from '../domain/token/device-repository.js';

type Row = NonNullable<Awaited<ReturnType<PrismaClient['deviceAuthorization']['findUnique']>>>;


const fromRow = (row: Row): DeviceAuthorizationRecord => ({
  deviceCodeSignature: row.deviceCodeSignature,
  userCodeSignature: row.userCodeSignature,
  requestId: row.requestId,
  clientId: row.clientId,
  requestedAt: row.requestedAt,
  expiresAt: row.expiresAt,
  requestedScope: strings(row.requestedScope),
  requestedAudience: strings(row.requestedAudience),
  userCodeState: row.userCodeState as UserCodeState,
  consentId: row.consentId,
  grantedScope: strings(row.grantedScope),
  grantedAudience: strings(row.grantedAudience),
  encryptedSession: row.encryptedSession,
  lastPolledAt: row.lastPolledAt,
});

/** Expired rows are swept at most this often (lazily, on insert), and kept this long after expiry so a late poll still reads expired_token. */
const SWEEP_INTERVAL_MS = 60_000;
const KEEP_EXPIRED_MS = 3_600_000;

export class PrismaDeviceAuthorizationRepository implements DeviceAuthorizationRepository {
  private lastSweep = 0;

  constructor(private readonly prisma: PrismaClient) {}

  async insert(record: DeviceAuthorizationRecord): Promise<boolean> {
    await this.sweepExpired(record.requestedAt);
    try {
      await this.prisma.deviceAuthorization.create({ data: record });
      return true;
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }

  async findByDeviceCode(signature: string) {
    const row = await this.prisma.deviceAuthorization.findUnique({ where: { deviceCodeSignature: signature } });
    return row ? fromRow(row) : undefined;
  }

  async findByUserCode(signature: string) {
    const row = await this.prisma.deviceAuthorization.findUnique({ where: { userCodeSignature: signature } });
    return row ? fromRow(row) : undefined;
  }

  async findByRequestId(requestId: string) {
    const row = await this.prisma.deviceAuthorization.findUnique({ where: { requestId } });
    return row ? fromRow(row) : undefined;
  }

  async recordPoll(deviceCodeSignature: string, now: Date, intervalMs: number): Promise<boolean> {
    const { count } = await this.prisma.deviceAuthorization.updateMany({
      where: { deviceCodeSignature, OR: [{ lastPolledAt: null }, { lastPolledAt: { lte: new Date(now.getTime() - intervalMs) } }] },
      data: { lastPolledAt: now },
    });
    return count === 1;
  }

  async accept(requestId: string, acceptance: DeviceAcceptance): Promise<boolean> {
    const { count } = await this.prisma.deviceAuthorization.updateMany({
      where: { requestId, userCodeState: UserCodeState.Unused },
      data: { ...acceptance, userCodeState: UserCodeState.Accepted },
    });
    return count === 1;
  }

  async reject(requestId: string): Promise<boolean> {
    const { count } = await this.prisma.deviceAuthorization.updateMany({
      where: { requestId, userCodeState: UserCodeState.Unused },
      data: { userCodeState: UserCodeState.Rejected },
    });
    return count === 1;
  }

  async redeem(deviceCodeSignature: string): Promise<boolean> {
    const { count } = await this.prisma.deviceAuthorization.deleteMany({
      where: { deviceCodeSignature, userCodeState: UserCodeState.Accepted },
    });
    return count === 1;
  }

  private async sweepExpired(now: Date): Promise<void> {
    if (now.getTime() - this.lastSweep < SWEEP_INTERVAL_MS) return;
    this.lastSweep = now.getTime();
    await this.prisma.deviceAuthorization.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - KEEP_EXPIRED_MS) } } });
  }
}
