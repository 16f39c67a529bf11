import { Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { ApiKeyRole } from '../generated/prisma/enums.js';
import { displayPrefix, generateApiKey, hashSecret } from './api-key-secret.js';
import { ApiKeysRepository } from './api-keys.repository.js';
import type { StaffMember } from './staff-member.js';

const LAST_USED_RESOLUTION_MS = 60_000;

export interface CreatedApiKey {
  id: string;
  name: string;
  role: ApiKeyRole;
  /** The only time the key is ever shown. */
  key: string;
}

@Injectable()
export class ApiKeysService {
  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * A new key, stored hashed, belonging to a person when `staffUserId` is given; inside the
   * caller's (audited) transaction when given one.
   */
  async create(
    name: string,
    role: ApiKeyRole,
    tx?: Prisma.TransactionClient,
    staffUserId: string | null = null,
  ): Promise<CreatedApiKey> {
    const key = generateApiKey();
    const row = await this.keys.insert(
      { name, role, staffUserId, keyHash: hashSecret(key), keyPrefix: displayPrefix(key) },
      tx,
    );
    return { ...row, key };
  }

  /**
   * The staff member a presented key belongs to (its person, when it has one), or null for an
   * unknown or revoked key, or one of a disabled person.
   */
  async authenticate(key: string): Promise<StaffMember | null> {
    const row = await this.keys.findByHash(hashSecret(key));
    if (!row || row.revokedAt || row.staffUser?.disabledAt) return null;
    await this.touch(row.id, row.lastUsedAt);
    const person = row.staffUser;
    return {
      apiKeyId: row.id,
      staffUserId: person?.id ?? null,
      name: person?.displayName ?? row.name,
      role: row.role,
    };
  }

  /** Records use at most once a minute per key, so busy keys do not write on every request. */
  private async touch(id: string, lastUsedAt: Date | null): Promise<void> {
    const now = this.clock.now();
    if (lastUsedAt && now.getTime() - lastUsedAt.getTime() < LAST_USED_RESOLUTION_MS) return;
    await this.keys.touch(id, now);
  }
}
