import { Injectable } from '@nestjs/common';
import { generateToken, hashSecret } from '../auth/api-key-secret.js';
import type { StaffMember } from '../auth/staff-member.js';
import type { AuditActor, AuditRecord } from '../audit/audit.repository.js';
import { AuditedTransaction } from '../audit/audited-transaction.js';
import { Clock } from '../clock/clock.js';
import { DEFAULT_LANGUAGE, isLanguage, type Language } from '../common/languages.js';
import { AppConfig } from '../config/app-config.js';
import { normalizeEmail } from './accounts.service.js';
import { verifyPassword } from './passwords.js';
import { SignInLimiter } from './sign-in-limiter.js';
import { StaffSessionsRepository } from './staff-sessions.repository.js';
import { StaffUsersRepository } from './staff-users.repository.js';

/** The touch of a session is recorded at most this often, so browsing does not write each time. */
const LAST_SEEN_RESOLUTION_MS = 60_000;

export interface Client {
  address: string;
  userAgent: string | null;
}

export type SignInOutcome =
  | { signedIn: true; token: string; expiresAt: Date }
  | { signedIn: false; retryAfterSeconds?: number };

/** A session as the workspace uses it: who, and which session (to sign out of it). */
export interface SessionStaff extends StaffMember {
  staffUserId: string;
  sessionId: string;
  /** The workspace's language for this person. */
  language: Language;
}

/**
 * Workspace sessions: sign-in with email and password (limited per account and per address),
 * the session a cookie's token opens (idle and absolute timeouts), listing and sign-out. Sign-in,
 * its failures and sign-out are audited.
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly users: StaffUsersRepository,
    private readonly sessions: StaffSessionsRepository,
    private readonly limiter: SignInLimiter,
    private readonly writes: AuditedTransaction,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async signIn(emailInput: string, password: string, client: Client): Promise<SignInOutcome> {
    const email = normalizeEmail(emailInput);
    const allowance = await this.limiter.check(email, client.address);
    const user = await this.users.findForSignIn(email);
    const entityId = user?.id ?? email;
    if (!allowance.allowed) {
      await this.audit(client, 'staff-user.sign-in-refused', entityId);
      return { signedIn: false, retryAfterSeconds: allowance.retryAfterSeconds };
    }
    const matches = await verifyPassword(user?.passwordHash ?? null, password);
    if (!user || !matches || user.disabledAt) {
      await this.limiter.recordFailure(email, client.address);
      await this.audit(client, 'staff-user.sign-in-failed', entityId);
      return { signedIn: false };
    }
    const token = generateToken('ses_');
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.config.SESSION_ABSOLUTE_HOURS * 3_600_000);
    const sessionId = await this.sessions.insert({
      tokenHash: hashSecret(token),
      staffUserId: user.id,
      createdAt: now,
      expiresAt,
      address: client.address,
      userAgent: client.userAgent,
    });
    await this.audit(
      { name: user.displayName, apiKeyId: null, staffUserId: user.id },
      'staff-user.sign-in',
      user.id,
      { sessionId, address: client.address },
    );
    return { signedIn: true, token, expiresAt };
  }

  /** The staff member a session token opens, or null when it is unknown or has ended. */
  async resolve(token: string): Promise<SessionStaff | null> {
    const session = await this.sessions.findByTokenHash(hashSecret(token));
    const now = this.clock.now();
    if (!session || session.revokedAt || session.expiresAt <= now) return null;
    const idleSince = now.getTime() - session.lastSeenAt.getTime();
    if (idleSince > this.config.SESSION_IDLE_MINUTES * 60_000) return null;
    const person = session.staffUser;
    if (person.disabledAt) return null;
    if (idleSince > LAST_SEEN_RESOLUTION_MS) await this.sessions.touch(session.id, now);
    return {
      apiKeyId: null,
      staffUserId: person.id,
      name: person.displayName,
      role: person.role,
      sessionId: session.id,
      language: isLanguage(person.language) ? person.language : DEFAULT_LANGUAGE,
    };
  }

  listLive(staff: SessionStaff) {
    return this.sessions.listLive(staff.staffUserId, this.clock.now());
  }

  /** Ends one of the person's own sessions (this one when signing out). */
  async signOut(staff: SessionStaff, sessionId = staff.sessionId): Promise<boolean> {
    return this.writes.run(staff, async ({ tx, audit }) => {
      const ended = await this.sessions.revoke(staff.staffUserId, sessionId, this.clock.now(), tx);
      if (ended) {
        await audit({
          action: 'staff-user.sign-out',
          entityType: 'staff-user',
          entityId: staff.staffUserId,
          after: { sessionId },
        });
      }
      return ended;
    });
  }

  private async audit(
    actor: Client | AuditActor,
    action: string,
    entityId: string,
    after: AuditRecord['after'] = undefined,
  ): Promise<void> {
    const who: AuditActor =
      'address' in actor ? { name: `sign-in from ${actor.address}`, apiKeyId: null } : actor;
    await this.writes.run(who, ({ audit }) =>
      audit({ action, entityType: 'staff-user', entityId, after }),
    );
  }
}
