import { Injectable } from '@nestjs/common';
import type { AuditActor } from '../audit/audit.service.js';
import { AuditedTransaction } from '../audit/audited-transaction.js';
import { ProblemException } from '../common/problem-details.js';
import { PrismaService } from '../database/prisma.service.js';
import type { ApiKey } from '../generated/prisma/client.js';
import type { ApiKeyRole } from '../generated/prisma/enums.js';
import { ApiKeysService, type CreatedApiKey } from './api-keys.service.js';
import type { ApiKeyDto } from './dto/api-key.dto.js';
import type { StaffMember } from './staff-member.js';

const PUBLIC_COLUMNS = {
  id: true,
  name: true,
  role: true,
  keyPrefix: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
} as const;

type ApiKeyRow = Pick<ApiKey, keyof typeof PUBLIC_COLUMNS>;

/** Never the hash: only what staff need to tell keys apart. */
function toApiKeyDto(row: ApiKeyRow): ApiKeyDto {
  return {
    ...row,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/** Admin management of API keys over HTTP, audited. */
@Injectable()
export class ApiKeyAdminService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly keys: ApiKeysService,
    private readonly writes: AuditedTransaction,
  ) {}

  async list(): Promise<ApiKeyDto[]> {
    const rows = await this.prisma.apiKey.findMany({
      select: PUBLIC_COLUMNS,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    });
    return rows.map(toApiKeyDto);
  }

  /** By a staff member over HTTP, or by the command line (`npm run keys:create`). */
  create(actor: AuditActor, name: string, role: ApiKeyRole): Promise<CreatedApiKey> {
    return this.writes.run(actor, async ({ tx, audit }) => {
      const created = await this.keys.create(name, role, tx);
      await audit({
        action: 'api-key.create',
        entityType: 'api-key',
        entityId: created.id,
        after: { name, role },
      });
      return created;
    });
  }

  /** Revoking is final and idempotent: an already revoked key stays revoked. */
  async revoke(staff: StaffMember, id: string): Promise<void> {
    await this.writes.run(staff, async ({ tx, audit }) => {
      const before = await tx.apiKey.findUnique({ where: { id }, select: PUBLIC_COLUMNS });
      if (!before) throw new ProblemException(404, `No API key with id "${id}".`);
      if (before.revokedAt) return;
      const after = await tx.apiKey.update({
        where: { id },
        data: { revokedAt: new Date() },
        select: PUBLIC_COLUMNS,
      });
      await audit({
        action: 'api-key.revoke',
        entityType: 'api-key',
        entityId: id,
        before: toApiKeyDto(before),
        after: toApiKeyDto(after),
      });
    });
  }
}
