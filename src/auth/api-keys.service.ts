import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service.js';
import type { ApiKeyRole } from '../generated/prisma/enums.js';
import { displayPrefix, generateApiKey, hashApiKey } from './api-key-secret.js';
import type { StaffMember } from './staff-member.js';

export interface CreatedApiKey {
  id: string;
  name: string;
  role: ApiKeyRole;
  /** The only time the key is ever shown. */
  key: string;
}

@Injectable()
export class ApiKeysService {
  constructor(private readonly prisma: PrismaService) {}

  async create(name: string, role: ApiKeyRole): Promise<CreatedApiKey> {
    const key = generateApiKey();
    const row = await this.prisma.apiKey.create({
      data: { name, role, keyHash: hashApiKey(key), keyPrefix: displayPrefix(key) },
      select: { id: true, name: true, role: true },
    });
    return { ...row, key };
  }

  /** The staff member a presented key belongs to, or null for an unknown or revoked key. */
  async authenticate(key: string): Promise<StaffMember | null> {
    const row = await this.prisma.apiKey.findUnique({
      where: { keyHash: hashApiKey(key) },
      select: { id: true, name: true, role: true, revokedAt: true },
    });
    if (!row || row.revokedAt) return null;
    return { apiKeyId: row.id, name: row.name, role: row.role };
  }
}
