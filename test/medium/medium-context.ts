import { jest } from '@jest/globals';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext, Type } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AssessmentsModule } from '../../src/assessments/assessments.module.js';
import { AuditModule } from '../../src/audit/audit.module.js';
import { AuthModule } from '../../src/auth/auth.module.js';
import { CommitmentsModule } from '../../src/commitments/commitments.module.js';
import { RateLimitModule } from '../../src/common/rate-limit.js';
import { ConfigModule } from '../../src/config/config.module.js';
import { DatabaseModule } from '../../src/database/database.module.js';
import { JobsModule } from '../../src/jobs/jobs.module.js';
import { RemindersModule } from '../../src/reminders/reminders.module.js';
import { ApiKeysService } from '../../src/auth/api-keys.service.js';
import type { StaffMember } from '../../src/auth/staff-member.js';
import type { ReminderKind } from '../../src/generated/prisma/enums.js';
import { Clock, ClockModule } from '../../src/clock/clock.js';
import { loadConfig } from '../../src/config/app-config.js';
import { PrismaService } from '../../src/database/prisma.service.js';
import { createTestDatabase, serverUrl, type TestDatabase } from '../support/test-database.js';

/**
 * A service ("medium") test's world: the domain modules (no HTTP server, no website) on their
 * own migrated and seeded database. Tests call services and repositories as the controllers and the scheduler
 * do, and read the database through them.
 */
export interface MediumContext {
  get<T>(type: Type<T>): T;
  /** A staff member with a fresh API key of the role. */
  staff(role?: 'editor' | 'admin'): Promise<StaffMember>;
  /** Moves the clock the writers and jobs read. */
  setNow(instant: string): void;
  /** Fixtures for what no service makes on demand. */
  given: {
    /** OPEN reminders of these kinds on the commitment, due now. */
    openReminders(commitmentId: string, kinds: ReminderKind[]): Promise<void>;
    themeId(slug: string): Promise<string>;
  };
  prisma: PrismaService;
  /** For a second connection of the test's own, as another process would open. */
  databaseUrl: string;
  close(): Promise<void>;
}

export async function createMediumContext(
  env: Record<string, string> = {},
): Promise<MediumContext> {
  const database: TestDatabase = await createTestDatabase('seeded');
  const config = loadConfig({
    ...process.env,
    LOG_LEVEL: 'silent',
    SEED_ON_START: 'false',
    JOBS_SCHEDULE_ENABLED: 'false',
    JOB_YIELD_RATIO: '0',
    ...(serverUrl() ? {} : { DB_POOL_SIZE: '1' }),
    ...env,
    DATABASE_URL: database.url,
  });
  const app: INestApplicationContext = await NestFactory.createApplicationContext(
    {
      module: class MediumModule {},
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot({ url: database.url }),
        LoggerModule.forRoot({ pinoHttp: { level: 'silent' } }),
        ClockModule,
        RateLimitModule,
        AuthModule,
        AuditModule,
        CommitmentsModule,
        AssessmentsModule,
        RemindersModule,
        JobsModule,
      ],
    },
    { logger: false, abortOnError: false },
  );
  const prisma = app.get(PrismaService);
  let keys = 0;
  return {
    get: (type) => app.get(type),
    prisma,
    databaseUrl: database.url,
    staff: async (role = 'editor') => {
      const created = await app.get(ApiKeysService).create(`${role} ${++keys}`, role);
      return { apiKeyId: created.id, staffUserId: null, name: created.name, role };
    },
    setNow: (instant) => {
      jest.spyOn(app.get(Clock), 'now').mockReturnValue(new Date(instant));
    },
    given: {
      openReminders: async (commitmentId, kinds) => {
        await prisma.reminder.createMany({
          data: kinds.map((kind) => ({ commitmentId, kind, dueAt: app.get(Clock).now() })),
        });
      },
      themeId: async (slug) => (await prisma.theme.findUniqueOrThrow({ where: { slug } })).id,
    },
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}
