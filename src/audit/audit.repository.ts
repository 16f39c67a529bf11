import { Injectable } from '@nestjs/common';
import type { StaffMember } from '../auth/staff-member.js';
import { PrismaService } from '../database/prisma.service.js';
import type { Prisma } from '../generated/prisma/client.js';

/** Who made a write: a staff member's API key, or a fixed actor such as the command line. */
export type AuditActor = Pick<StaffMember, 'name' | 'apiKeyId'> &
  Partial<Pick<StaffMember, 'staffUserId'>>;

/** What an audit entry is about: the `entityType` the audit log filters on, spelled once. */
export type AuditedEntity =
  | 'commitment'
  | 'evidence'
  | 'event'
  | 'party'
  | 'theme'
  | 'reminder'
  | 'api-key'
  | 'staff-user'
  | 'webhook-endpoint';

export interface AuditRecord {
  action: string;
  entityType: AuditedEntity;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

const toJson = (value: unknown): Prisma.InputJsonValue | undefined =>
  value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue);

export interface AuditFilter {
  entityType?: string;
  entityId?: string;
  actor?: string;
  action?: string;
}

/** The audit log: appended inside each write's own transaction, read newest first by admins. */
@Injectable()
export class AuditRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Newest first, after the entry id; every filter has an index led by it. */
  page(filter: AuditFilter, take: number, afterId?: bigint) {
    return this.prisma.auditEntry.findMany({
      where: { ...filter, ...(afterId !== undefined && { id: { lt: afterId } }) },
      orderBy: { id: 'desc' },
      take,
    });
  }

  async record(tx: Prisma.TransactionClient, actor: AuditActor, entry: AuditRecord): Promise<void> {
    await tx.auditEntry.create({
      data: {
        actor: actor.name,
        apiKeyId: actor.apiKeyId,
        staffUserId: actor.staffUserId ?? null,
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId,
        before: toJson(entry.before),
        after: toJson(entry.after),
      },
    });
  }
}
