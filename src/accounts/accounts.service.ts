import { Injectable } from '@nestjs/common';
import { generateToken, hashSecret } from '../auth/api-key-secret.js';
import { ApiKeysRepository } from '../auth/api-keys.repository.js';
import { isRole, type StaffMember } from '../auth/staff-member.js';
import type { AuditActor } from '../audit/audit.repository.js';
import { AuditedTransaction } from '../audit/audited-transaction.js';
import { Clock } from '../clock/clock.js';
import { ProblemException } from '../common/problem-details.js';
import { isLanguage, LANGUAGES } from '../common/languages.js';
import { isTimeZone } from '../common/local-time.js';
import { publicUrl } from '../common/public-links.js';
import { validationProblem } from '../common/validation.js';
import { AppConfig } from '../config/app-config.js';
import type { Prisma } from '../generated/prisma/client.js';
import { ApiKeyRole, MailPreference } from '../generated/prisma/enums.js';
import { passwordProblems } from './password-policy.js';
import { hashPassword } from './passwords.js';
import { StaffSessionsRepository } from './staff-sessions.repository.js';
import { StaffUsersRepository, type StaffUserRow } from './staff-users.repository.js';

export const INVITATION_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;
const ROLE_CHOICE = 'Choose editor or admin.';
const EMAIL_SHAPE = /^[^@\s]+@[^@\s]+$/;

export interface NewAccount {
  email: string;
  displayName: string;
  role: ApiKeyRole;
  /** Set now (automation) instead of by the person through an invitation link. */
  password?: string;
}

export interface InvitedAccount {
  user: StaffUserRow;
  /** The one-time link where the person sets their password; null when a password was given. */
  invitationUrl: string | null;
}

/** Emails are kept lower-cased: one account per address whatever its case. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

export interface MailPreferencesForm {
  preference: string;
  digestHour: string;
  timeZone: string;
}

const EMAIL_TAKEN = 'An account with this email already exists.';

/**
 * Staff accounts: invitations (a one-time link valid INVITATION_DAYS days), passwords, and what
 * admins change (role, disable, reset). Every change is audited; setting a password, disabling
 * and resetting sign the person out everywhere, and disabling revokes their API keys.
 */
@Injectable()
export class AccountsService {
  constructor(
    private readonly users: StaffUsersRepository,
    private readonly sessions: StaffSessionsRepository,
    private readonly apiKeys: ApiKeysRepository,
    private readonly writes: AuditedTransaction,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  list(): Promise<StaffUserRow[]> {
    return this.users.list();
  }

  async invite(actor: AuditActor, account: NewAccount): Promise<InvitedAccount> {
    const email = normalizeEmail(account.email);
    const displayName = account.displayName.trim();
    this.assertAccount(email, displayName, account.role, account.password);
    const passwordHash = account.password ? await hashPassword(account.password) : null;
    const invitation = passwordHash ? null : this.newInvitation();
    return this.writes.run(
      actor,
      async ({ tx, audit }) => {
        const user = await this.users.insert(tx, {
          email,
          displayName,
          role: account.role,
          passwordHash,
          invitationTokenHash: invitation?.tokenHash ?? null,
          invitationExpiresAt: invitation?.expiresAt ?? null,
        });
        await audit({
          action: 'staff-user.invite',
          entityType: 'staff-user',
          entityId: user.id,
          after: user,
        });
        return { user, invitationUrl: invitation?.url ?? null };
      },
      EMAIL_TAKEN,
    );
  }

  /** The account an unexpired invitation link opens, or null. */
  findInvitation(token: string): Promise<StaffUserRow | null> {
    return this.users.findByInvitation(hashSecret(token), this.clock.now());
  }

  /** Sets the password of an invitation's account; the link is used up. */
  acceptInvitation(token: string, password: string): Promise<StaffUserRow> {
    const now = this.clock.now();
    return this.writes.run({ name: 'invitation', apiKeyId: null }, async ({ tx, audit }) => {
      const user = await this.users.findByInvitation(hashSecret(token), now, tx);
      if (!user)
        throw new ProblemException(404, 'This invitation link is unknown, used or expired.');
      const problems = passwordProblems(password, user.email);
      if (problems.length) throw validationProblem([{ field: 'password', messages: problems }]);
      const after = await this.users.update(tx, user.id, {
        passwordHash: await hashPassword(password),
        passwordChangedAt: now,
        invitationTokenHash: null,
        invitationExpiresAt: null,
      });
      await this.sessions.revokeAllOf(tx, user.id, now);
      await audit({
        action: 'staff-user.set-password',
        entityType: 'staff-user',
        entityId: user.id,
        before: user,
        after,
      });
      return after;
    });
  }

  changeRole(admin: StaffMember, id: string, role: string): Promise<StaffUserRow> {
    if (!isRole(role)) throw validationProblem([{ field: 'role', messages: [ROLE_CHOICE] }]);
    return this.change(admin, id, 'staff-user.role', () => ({ role }));
  }

  /** Disabled: signed out everywhere, API keys revoked, sign-in refused. */
  disable(admin: StaffMember, id: string): Promise<StaffUserRow> {
    if (admin.staffUserId === id) throw new ProblemException(409, 'You cannot disable yourself.');
    return this.change(admin, id, 'staff-user.disable', async (tx, now) => {
      await this.sessions.revokeAllOf(tx, id, now);
      await this.apiKeys.revokeAllOf(tx, id, now);
      return { disabledAt: now };
    });
  }

  /** A new invitation link; the old password stops working and every session ends. */
  async reset(admin: StaffMember, id: string): Promise<InvitedAccount> {
    const invitation = this.newInvitation();
    const user = await this.change(admin, id, 'staff-user.reset', async (tx, now) => {
      await this.sessions.revokeAllOf(tx, id, now);
      return {
        passwordHash: null,
        disabledAt: null,
        invitationTokenHash: invitation.tokenHash,
        invitationExpiresAt: invitation.expiresAt,
      };
    });
    return { user, invitationUrl: invitation.url };
  }

  /** The person's own account, for their account page. */
  async own(staff: { staffUserId: string }): Promise<StaffUserRow> {
    const user = await this.users.find(undefined, staff.staffUserId);
    if (!user) throw new ProblemException(404, 'Your account no longer exists.');
    return user;
  }

  /** How the person gets reminders by email: their own choice, audited like any change. */
  async setMailPreferences(
    staff: StaffMember & { staffUserId: string },
    form: MailPreferencesForm,
  ) {
    const preference = form.preference as MailPreference;
    const digestHour = Number(form.digestHour);
    const errors = [
      !Object.values(MailPreference).includes(preference) && {
        field: 'preference',
        messages: ['Choose immediately, a daily digest, or none.'],
      },
      !(/^\d{1,2}$/.test(form.digestHour) && digestHour <= 23) && {
        field: 'digestHour',
        messages: ['Choose an hour from 0 to 23.'],
      },
      !isTimeZone(form.timeZone) && {
        field: 'timeZone',
        messages: ['Choose a time zone such as Europe/Berlin.'],
      },
    ].filter((error) => error !== false);
    if (errors.length) throw validationProblem(errors);
    const data = { mailPreference: preference, digestHour, timeZone: form.timeZone };
    // Back from no email: mail starts with what opens from now, not with all that opened meanwhile.
    const resumes = (await this.own(staff)).mailPreference === 'NONE' && preference !== 'NONE';
    return this.change(staff, staff.staffUserId, 'staff-user.mail-preferences', (_tx, now) =>
      resumes ? { ...data, remindersMailedUntil: now } : data,
    );
  }

  /** The workspace's language for the person: their own choice, audited like any change. */
  async setLanguage(staff: StaffMember & { staffUserId: string }, language: string) {
    if (!isLanguage(language)) {
      throw validationProblem([
        { field: 'language', messages: [`Choose one of ${LANGUAGES.join(', ')}.`] },
      ]);
    }
    return this.change(staff, staff.staffUserId, 'staff-user.language', () => ({ language }));
  }

  private change(
    admin: StaffMember,
    id: string,
    action: string,
    data: (
      tx: Prisma.TransactionClient,
      now: Date,
    ) => Prisma.StaffUserUpdateInput | Promise<Prisma.StaffUserUpdateInput>,
  ): Promise<StaffUserRow> {
    const now = this.clock.now();
    return this.writes.run(admin, async ({ tx, audit }) => {
      const before = await this.users.find(tx, id);
      if (!before) throw new ProblemException(404, `No staff account with id "${id}".`);
      const after = await this.users.update(tx, id, await data(tx, now));
      await audit({ action, entityType: 'staff-user', entityId: id, before, after });
      return after;
    });
  }

  private newInvitation() {
    const token = generateToken('inv_');
    const url = publicUrl(this.config.PUBLIC_BASE_URL, 'staff/invitation');
    url.searchParams.set('token', token);
    return {
      tokenHash: hashSecret(token),
      expiresAt: new Date(this.clock.now().getTime() + INVITATION_DAYS * DAY_MS),
      url: url.href,
    };
  }

  private assertAccount(email: string, displayName: string, role: string, password?: string) {
    const errors = [
      !EMAIL_SHAPE.test(email) && { field: 'email', messages: ['Enter an email address.'] },
      !displayName && { field: 'displayName', messages: ['Enter a name.'] },
      !isRole(role) && { field: 'role', messages: [ROLE_CHOICE] },
      password !== undefined && {
        field: 'password',
        messages: passwordProblems(password, email),
      },
    ].filter((error) => error && error.messages.length > 0);
    if (errors.length) throw validationProblem(errors as { field: string; messages: string[] }[]);
  }
}
