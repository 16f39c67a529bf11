import { Injectable } from '@nestjs/common';
import type { AuditActor } from '../audit/audit.repository.js';
import { AuditedTransaction } from '../audit/audited-transaction.js';
import { generateToken, hashSecret } from '../auth/api-key-secret.js';
import { ApiKeysRepository, type ApiKeyRow } from '../auth/api-keys.repository.js';
import { ApiKeysService, type CreatedApiKey } from '../auth/api-keys.service.js';
import type { StaffMember } from '../auth/staff-member.js';
import { Clock } from '../clock/clock.js';
import { ProblemException } from '../common/problem-details.js';
import type { ApiKeyRole } from '../generated/prisma/enums.js';
import type { ApiKeyDto } from './dto/api-key.dto.js';

/** Never the hash: only what staff need to tell keys apart. */
function toApiKeyDto(row: ApiKeyRow): ApiKeyDto {
  return {
    ...row,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/** Management of API keys (and each key's calendar token), audited. */
@Injectable()
export class ApiKeyAdminService {
  constructor(
    private readonly repository: ApiKeysRepository,
    private readonly keys: ApiKeysService,
    private readonly writes: AuditedTransaction,
    private readonly clock: Clock,
  ) {}

  async list(): Promise<ApiKeyDto[]> {
    return (await this.repository.list()).map(toApiKeyDto);
  }

  /**
   * By a staff member over HTTP, or by the command line (`npm run keys:create`). The key belongs
   * to `owner`, by default the person who makes it (none for the command line).
   */
  create(
    actor: AuditActor,
    name: string,
    role: ApiKeyRole,
    owner = actor.staffUserId ?? null,
  ): Promise<CreatedApiKey> {
    return this.writes.run(actor, async ({ tx, audit }) => {
      const created = await this.keys.create(name, role, tx, owner);
      await audit({
        action: 'api-key.create',
        entityType: 'api-key',
        entityId: created.id,
        after: { name, role, ...(owner && { staffUserId: owner }) },
      });
      return created;
    });
  }

  /** Revoking is final and idempotent: an already revoked key stays revoked. */
  async revoke(staff: StaffMember, id: string): Promise<void> {
    await this.writes.run(staff, async ({ tx, audit }) => {
      const before = await this.repository.find(tx, id);
      if (!before) throw new ProblemException(404, `No API key with id "${id}".`);
      if (before.revokedAt) return;
      const after = await this.repository.revoke(tx, id, this.clock.now());
      await audit({
        action: 'api-key.revoke',
        entityType: 'api-key',
        entityId: id,
        before: toApiKeyDto(before),
        after: toApiKeyDto(after),
      });
    });
  }

  /**
   * A new calendar token for the caller's key (stored hashed; replaces the previous one), with
   * the calendar's address made from it: the answer, never replayed.
   */
  issueCalendarToken(
    staff: StaffMember,
    calendarUrl: (token: string) => string,
  ): Promise<{ token: string; url: string }> {
    const { apiKeyId } = staff;
    if (!apiKeyId) throw new ProblemException(400, 'A calendar token belongs to an API key.');
    return this.writes.run(staff, async ({ tx, audit }) => {
      const token = generateToken('cal_');
      await this.repository.setCalendarTokenHash(tx, apiKeyId, hashSecret(token));
      await audit({
        action: 'api-key.calendar-token',
        entityType: 'api-key',
        entityId: apiKeyId,
      });
      return { token, url: calendarUrl(token) };
    });
  }
}
