import {
  applyDecorators,
  createParamDecorator,
  ExecutionContext,
  SetMetadata,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { ApiKeyRole } from '../generated/prisma/enums.js';
import type { StaffMember } from './staff-member.js';
import { REQUIRED_ROLE, StaffGuard, type StaffRequest } from './staff.guard.js';

/** Marks a route (or controller) as staff-only, with the least role it needs. */
export function StaffOnly(role: ApiKeyRole = 'editor'): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(REQUIRED_ROLE, role),
    UseGuards(StaffGuard),
    ApiBearerAuth('apiKey'),
    ApiUnauthorizedResponse({ description: 'No API key, or an unknown or revoked one.' }),
    ApiForbiddenResponse({ description: `The key's role is below ${role}.` }),
  );
}

/** The authenticated staff member of a `@StaffOnly` route. */
export const CurrentStaff = createParamDecorator(
  (_data: unknown, context: ExecutionContext): StaffMember => {
    const { staff } = context.switchToHttp().getRequest<StaffRequest>();
    if (!staff) throw new Error('CurrentStaff used on a route without @StaffOnly');
    return staff;
  },
);
