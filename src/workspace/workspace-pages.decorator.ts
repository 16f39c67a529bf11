import { applyDecorators, Controller, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { WORKSPACE_PREFIX } from '../web/website.js';
import { WorkspaceCsrfGuard, WorkspaceSessionGuard } from './workspace-auth.js';
import { WorkspaceErrorFilter } from './workspace-error.filter.js';

/**
 * A controller of workspace pages under /staff/`path`: HTML errors, not in the OpenAPI document,
 * CSRF tokens on its forms and, unless `public` (signing in), a session.
 */
export function WorkspacePages(path = '', options: { public?: boolean } = {}): ClassDecorator {
  const guards = options.public
    ? [WorkspaceCsrfGuard]
    : [WorkspaceSessionGuard, WorkspaceCsrfGuard];
  return applyDecorators(
    ApiExcludeController(),
    UseFilters(WorkspaceErrorFilter),
    UseGuards(...guards),
    Controller(path ? `${WORKSPACE_PREFIX}/${path}` : WORKSPACE_PREFIX),
  );
}
