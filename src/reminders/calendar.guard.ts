import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AuthFailureLimiter } from '../auth/auth-failure-limiter.js';
import { StaffGuard } from '../auth/staff.guard.js';
import { ProblemException } from '../common/problem-details.js';
import { RemindersService } from './reminders.service.js';

/**
 * The calendar feed: a staff key as for any staff route, or the key's calendar token in the
 * query (calendar apps cannot send headers). A wrong token counts as a failed authentication,
 * as a wrong key does.
 */
@Injectable()
export class CalendarGuard implements CanActivate {
  constructor(
    private readonly staffGuard: StaffGuard,
    private readonly reminders: RemindersService,
    private readonly failures: AuthFailureLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const { token } = request.query as { token?: unknown };
    if (token === undefined) return this.staffGuard.canActivate(context);
    if (typeof token === 'string' && (await this.reminders.isCalendarTokenValid(token))) {
      return true;
    }
    await this.failures.recordFailure(request.ip);
    throw new ProblemException(401, 'The calendar token is unknown or its key is revoked.');
  }
}
