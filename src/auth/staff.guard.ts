import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ProblemException } from '../common/problem-details.js';
import { ApiKeyRole } from '../generated/prisma/enums.js';
import { ApiKeysService } from './api-keys.service.js';
import { AuthFailureLimiter } from './auth-failure-limiter.js';
import { hasRole, type StaffMember } from './staff-member.js';

export const REQUIRED_ROLE = 'staff:requiredRole';

export type StaffRequest = FastifyRequest & { staff?: StaffMember };

const UNAUTHORIZED_HEADERS = { 'www-authenticate': 'Bearer realm="commitment-tracker"' };

function bearerToken(request: FastifyRequest): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return match ? match[1] : null;
}

/** The least role a route (or its controller) was marked with: editor when none. */
export function requiredRole(reflector: Reflector, context: ExecutionContext): ApiKeyRole {
  return (
    reflector.getAllAndOverride<ApiKeyRole | undefined>(REQUIRED_ROLE, [
      context.getHandler(),
      context.getClass(),
    ]) ?? ApiKeyRole.editor
  );
}

/**
 * Staff routes: a valid, unrevoked API key (401 otherwise) with at least the route's role (403).
 * A client with too many failed attempts gets 429 for each further failure; a valid key is
 * served all the same.
 */
@Injectable()
export class StaffGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeysService,
    private readonly failures: AuthFailureLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<StaffRequest>();
    const token = bearerToken(request);
    const member = token ? await this.apiKeys.authenticate(token) : null;
    if (!member) {
      await this.failures.recordFailure(request.ip);
      throw new ProblemException(
        401,
        token
          ? 'The API key is unknown or revoked.'
          : 'This route needs an API key (Authorization: Bearer <key>).',
        {},
        'about:blank',
        UNAUTHORIZED_HEADERS,
      );
    }
    const required = requiredRole(this.reflector, context);
    if (!hasRole(member, required)) {
      throw new ProblemException(403, `This route needs the ${required} role.`);
    }
    request.staff = member;
    return true;
  }
}
