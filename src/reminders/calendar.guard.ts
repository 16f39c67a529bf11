import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { StaffGuard } from '../auth/staff.guard.js';
import { ProblemException } from '../common/problem-details.js';
import { RemindersService } from './reminders.service.js';

/**
 * The calendar feed: a staff key as for any staff route, or the key's calendar token in the
 * query (calendar apps cannot send headers).
 */
@Injectable()
export class CalendarGuard implements CanActivate {
  constructor(
    private readonly staffGuard: StaffGuard,
    private readonly reminders: RemindersService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const { token } = context.switchToHttp().getRequest<FastifyRequest>().query as {
      token?: unknown;
    };
    if (token === undefined) return this.staffGuard.canActivate(context);
    if (typeof token === 'string' && (await this.reminders.isCalendarTokenValid(token))) {
      return true;
    }
    throw new ProblemException(401, 'The calendar token is unknown or its key is revoked.');
  }
}
