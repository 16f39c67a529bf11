import { Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { ApiKeyRole } from '../generated/prisma/enums.js';
import { displayPrefix, generateApiKey, hashApiKey } from './api-key-secret.js';
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

  /** A new key, stored hashed; inside the caller's (audited) transaction when given one. */
  async create(
    name: string,
    role: ApiKeyRole,
    tx?: Prisma.TransactionClient,
  ): Promise<CreatedApiKey> {
    const key = generateApiKey();
    const row = await this.keys.insert(
      { name, role, keyHash: hashApiKey(key), keyPrefix: displayPrefix(key) },
      tx,
    );
    return { ...row, key };
  }

  /** The staff member a presented key belongs to, or null for an unknown or revoked key. */
  async authenticate(key: string): Promise<StaffMember | null> {
    const row = await this.keys.findByHash(hashApiKey(key));
    if (!row || row.revokedAt) return null;
    await this.touch(row.id, row.lastUsedAt);
    return { apiKeyId: row.id, name: row.name, role: row.role };
  }

  /** Records use at most once a minute per key, so busy keys do not write on every request. */
  private async touch(id: string, lastUsedAt: Date | null): Promise<void> {
    const now = this.clock.now();
    if (lastUsedAt && now.getTime() - lastUsedAt.getTime() < LAST_USED_RESOLUTION_MS) return;
    await this.keys.touch(id, now);
  }
}
