import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service.js';
import type { Prisma } from '../generated/prisma/client.js';

type Tx = Prisma.TransactionClient;

export interface NewSession {
  tokenHash: string;
  staffUserId: string;
  createdAt: Date;
  expiresAt: Date;
  address: string | null;
  userAgent: string | null;
}

const SESSION_COLUMNS = {
  id: true,
  createdAt: true,
  lastSeenAt: true,
  expiresAt: true,
  revokedAt: true,
  address: true,
  userAgent: true,
} as const;

/** The staff_session table: one row per signed-in browser, found by its token's hash. */
@Injectable()
export class StaffSessionsRepository {
  constructor(private readonly prisma: PrismaService) {}

  async insert(session: NewSession): Promise<string> {
    const { id } = await this.prisma.staffSession.create({
      data: { ...session, lastSeenAt: session.createdAt },
      select: { id: true },
    });
    return id;
  }

  /** A session with what the workspace needs of its person. */
  findByTokenHash(tokenHash: string) {
    return this.prisma.staffSession.findUnique({
      where: { tokenHash },
      select: {
        ...SESSION_COLUMNS,
        staffUser: {
          select: { id: true, displayName: true, role: true, disabledAt: true, language: true },
        },
      },
    });
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.prisma.staffSession.update({ where: { id }, data: { lastSeenAt: at } });
  }

  /** The person's sessions that have not ended, newest first. */
  listLive(staffUserId: string, now: Date) {
    return this.prisma.staffSession.findMany({
      where: { staffUserId, revokedAt: null, expiresAt: { gt: now } },
      select: SESSION_COLUMNS,
      orderBy: { createdAt: 'desc' },
    });
  }

  /** Ends one of the person's sessions; false when they have no such live session. */
  async revoke(staffUserId: string, id: string, at: Date, tx: Tx = this.prisma) {
    const { count } = await tx.staffSession.updateMany({
      where: { id, staffUserId, revokedAt: null },
      data: { revokedAt: at },
    });
    return count > 0;
  }

  /** Signs the person out everywhere (password changed, account disabled or reset). */
  async revokeAllOf(tx: Tx, staffUserId: string, at: Date): Promise<number> {
    const { count } = await tx.staffSession.updateMany({
      where: { staffUserId, revokedAt: null },
      data: { revokedAt: at },
    });
    return count;
  }
}
