import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service.js';
import type { ApiKey, Prisma } from '../generated/prisma/client.js';
import type { ApiKeyRole } from '../generated/prisma/enums.js';

type Tx = Prisma.TransactionClient;

/** What staff may see of a key: never its hash. */
export const PUBLIC_KEY_COLUMNS = {
  id: true,
  name: true,
  role: true,
  keyPrefix: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
} as const;

export type ApiKeyRow = Pick<ApiKey, keyof typeof PUBLIC_KEY_COLUMNS>;

export interface NewApiKey {
  name: string;
  role: ApiKeyRole;
  staffUserId: string | null;
  keyHash: string;
  keyPrefix: string;
}

/** The api_key table: keys stored hashed, and the hashed calendar token of each. */
@Injectable()
export class ApiKeysRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** In the caller's transaction when given one. */
  insert(
    key: NewApiKey,
    tx: Tx = this.prisma,
  ): Promise<{ id: string; name: string; role: ApiKeyRole }> {
    return tx.apiKey.create({ data: key, select: { id: true, name: true, role: true } });
  }

  findByHash(keyHash: string) {
    return this.prisma.apiKey.findUnique({
      where: { keyHash },
      select: {
        id: true,
        name: true,
        role: true,
        revokedAt: true,
        lastUsedAt: true,
        staffUser: { select: { id: true, displayName: true, disabledAt: true } },
      },
    });
  }

  /** A disabled person's keys go with them; returns how many were live. */
  async revokeAllOf(tx: Tx, staffUserId: string, at: Date): Promise<number> {
    const { count } = await tx.apiKey.updateMany({
      where: { staffUserId, revokedAt: null },
      data: { revokedAt: at },
    });
    return count;
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.prisma.apiKey.update({ where: { id }, data: { lastUsedAt: at } });
  }

  list(): Promise<ApiKeyRow[]> {
    return this.prisma.apiKey.findMany({
      select: PUBLIC_KEY_COLUMNS,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    });
  }

  find(tx: Tx, id: string): Promise<ApiKeyRow | null> {
    return tx.apiKey.findUnique({ where: { id }, select: PUBLIC_KEY_COLUMNS });
  }

  revoke(tx: Tx, id: string, at: Date): Promise<ApiKeyRow> {
    return tx.apiKey.update({ where: { id }, data: { revokedAt: at }, select: PUBLIC_KEY_COLUMNS });
  }

  async setCalendarTokenHash(tx: Tx, id: string, calendarTokenHash: string): Promise<void> {
    await tx.apiKey.update({ where: { id }, data: { calendarTokenHash } });
  }

  /** Whether the hashed calendar token belongs to an unrevoked key. */
  async isLiveCalendarToken(calendarTokenHash: string): Promise<boolean> {
    const key = await this.prisma.apiKey.findUnique({
      where: { calendarTokenHash },
      select: { revokedAt: true },
    });
    return key !== null && key.revokedAt === null;
  }
}
