import {
  applyDecorators,
  type CallHandler,
  createParamDecorator,
  ExecutionContext,
  Injectable,
  type NestInterceptor,
  UseInterceptors,
} from '@nestjs/common';
import { ApiHeader, ApiPreconditionFailedResponse, ApiResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { catchError, type Observable } from 'rxjs';
import { ProblemException } from '../common/problem-details.js';
import { commitmentEtag } from './commitment-etag.js';
import { CommitmentsRepository } from './commitments.repository.js';

/** An `If-Match` value no version can satisfy (versions start at 1): answered with 412. */
export const UNMATCHABLE_VERSION = 0;

/** The version an `If-Match` entity tag names: `"v3"`, `"v3-ko"`, `W/"v3"`, `v3` or `3`. */
export function parseIfMatch(header: string): number {
  const match = /^\s*(?:W\/)?"?v?(\d{1,9})(?:-[a-z]{2})?"?\s*$/.exec(header);
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

/**
 * A 412 carries the commitment's current ETag, so the client learns what it is behind without
 * another read. Read after the refused write's transaction: the version current now.
 */
@Injectable()
export class CurrentEtagOnStaleInterceptor implements NestInterceptor {
  constructor(private readonly commitments: CommitmentsRepository) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const { params } = context.switchToHttp().getRequest<FastifyRequest>();
    const { idOrSlug } = params as { idOrSlug: string };
    return next
      .handle()
      .pipe(catchError((error: unknown) => this.withCurrentEtag(error, idOrSlug)));
  }

  private async withCurrentEtag(error: unknown, idOrSlug: string): Promise<never> {
    if (!(error instanceof ProblemException) || error.getStatus() !== 412) throw error;
    const current = await this.commitments.findLiveStatus(idOrSlug);
    if (!current) throw error;
    throw new ProblemException(412, error.message, error.extensions, error.problemType, {
      ...error.headers,
      etag: commitmentEtag(current.version),
    });
  }
}

/**
 * Routes taking `@IfMatchVersion()`: a 412 sends the current ETag; OpenAPI documents the header
 * and its two refusals.
 */
export const RequiresIfMatch = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    UseInterceptors(CurrentEtagOnStaleInterceptor),
    ApiHeader({
      name: 'If-Match',
      required: true,
      description: 'The ETag of the commitment as last read (e.g. "v3").',
    }),
    ApiPreconditionFailedResponse({
      description:
        'If-Match is stale: the answer sends the current ETag; read the commitment again.',
      headers: { ETag: { description: 'The current ETag.', schema: { type: 'string' } } },
    }),
    ApiResponse({ status: 428, description: 'If-Match is missing.' }),
  );
