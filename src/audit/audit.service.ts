import { Injectable } from '@nestjs/common';
import type { StaffMember } from '../auth/staff-member.js';
import type { Prisma } from '../generated/prisma/client.js';

/** Who made a write: a staff member's API key, or a fixed actor such as the command line. */
export type AuditActor = Pick<StaffMember, 'name'> & { apiKeyId: string | null };

export interface AuditRecord {
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

const toJson = (value: unknown): Prisma.InputJsonValue | undefined =>
  value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue);

/** Records a write in the audit log; always called inside the write's own transaction. */
@Injectable()
export class AuditService {
  async record(tx: Prisma.TransactionClient, actor: AuditActor, entry: AuditRecord): Promise<void> {
    await tx.auditEntry.create({
      data: {
        actor: actor.name,
        apiKeyId: actor.apiKeyId,
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId,
        before: toJson(entry.before),
        after: toJson(entry.after),
      },
    });
  }
}
