import { applyDecorators, createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiHeader, ApiPreconditionFailedResponse, ApiResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ProblemException } from '../common/problem-details.js';

/** An `If-Match` value no version can satisfy (versions start at 1): answered with 412. */
export const UNMATCHABLE_VERSION = 0;

/** The version an `If-Match` entity tag names: `"v3"`, `W/"v3"`, `v3` or `3`. */
export function parseIfMatch(header: string): number {
  const match = /^\s*(?:W\/)?"?v?(\d{1,9})"?\s*$/.exec(header);
  return match ? Number(match[1]) : UNMATCHABLE_VERSION;
}

/**
 * The commitment version the client last saw, from `If-Match`; without the header the change is
 * refused with 428, so no write can silently overwrite someone else's.
 */
export const IfMatchVersion = createParamDecorator(
  (_data: unknown, context: ExecutionContext): number => {
    const header = context.switchToHttp().getRequest<FastifyRequest>().headers['if-match'];
    if (!header) {
      throw new ProblemException(
        428,
        'Changing a commitment needs If-Match with its current ETag (e.g. If-Match: "v3").',
      );
    }
    return parseIfMatch(header);
  },
);

/** OpenAPI for routes taking `@IfMatchVersion()`: the header and its two refusals. */
export const ApiIfMatch = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    ApiHeader({
      name: 'If-Match',
      required: true,
      description: 'The ETag of the commitment as last read (e.g. "v3").',
    }),
    ApiPreconditionFailedResponse({ description: 'If-Match is stale: read the commitment again.' }),
    ApiResponse({ status: 428, description: 'If-Match is missing.' }),
  );
