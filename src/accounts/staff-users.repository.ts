import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service.js';
import type { Prisma, StaffUser } from '../generated/prisma/client.js';
import type { ApiKeyRole } from '../generated/prisma/enums.js';

type Tx = Prisma.TransactionClient;

/** What the workspace shows of an account: never a hash. */
export const STAFF_USER_COLUMNS = {
  id: true,
  email: true,
  displayName: true,
  role: true,
  disabledAt: true,
  createdAt: true,
  invitationExpiresAt: true,
  passwordChangedAt: true,
  mailPreference: true,
  digestHour: true,
  timeZone: true,
  language: true,
} as const;

export type StaffUserRow = Pick<StaffUser, keyof typeof STAFF_USER_COLUMNS>;

export interface NewStaffUser {
  email: string;
  displayName: string;
  role: ApiKeyRole;
  passwordHash: string | null;
  invitationTokenHash: string | null;
  invitationExpiresAt: Date | null;
}

/** The staff_user table: accounts, their password hashes and their pending invitation. */
@Injectable()
export class StaffUsersRepository {
  constructor(private readonly prisma: PrismaService) {}

  insert(tx: Tx, user: NewStaffUser): Promise<StaffUserRow> {
    return tx.staffUser.create({
      data: { ...user, passwordChangedAt: user.passwordHash ? new Date() : null },
      select: STAFF_USER_COLUMNS,
    });
  }

  list(): Promise<StaffUserRow[]> {
    return this.prisma.staffUser.findMany({
      select: STAFF_USER_COLUMNS,
      orderBy: [{ displayName: 'asc' }, { id: 'asc' }],
    });
  }

  find(tx: Tx = this.prisma, id: string): Promise<StaffUserRow | null> {
    return tx.staffUser.findUnique({ where: { id }, select: STAFF_USER_COLUMNS });
  }

  /** For sign-in: the account of an (already lower-cased) email, with its password hash. */
  findForSignIn(email: string) {
    return this.prisma.staffUser.findFirst({
      where: { email },
      select: { ...STAFF_USER_COLUMNS, passwordHash: true },
    });
  }

  /** The account an unexpired invitation token (hashed) opens. */
  findByInvitation(tokenHash: string, now: Date, tx: Tx = this.prisma) {
    return tx.staffUser.findFirst({
      where: { invitationTokenHash: tokenHash, invitationExpiresAt: { gt: now }, disabledAt: null },
      select: STAFF_USER_COLUMNS,
    });
  }

  update(tx: Tx, id: string, data: Prisma.StaffUserUpdateInput): Promise<StaffUserRow> {
    return tx.staffUser.update({ where: { id }, data, select: STAFF_USER_COLUMNS });
  }
}
