import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  UseInterceptors,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { map, type Observable } from 'rxjs';
import { commitmentEtag } from '../commitments/commitment-etag.js';

/** Sends the commitment's new ETag with a successful write, ready for the next If-Match. */
export function sendCommitmentEtag(reply: FastifyReply, version: number): void {
  void reply.header('etag', commitmentEtag(version));
}

/** The commitment version a write answered with: a commitment's `version` or `commitmentVersion`. */
function versionOf(body: unknown): number | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const { commitmentVersion, version } = body as { commitmentVersion?: unknown; version?: unknown };
  const value = commitmentVersion ?? version;
  return typeof value === 'number' ? value : undefined;
}

@Injectable()
class CommitmentEtagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((body: unknown) => {
        const version = versionOf(body);
        if (version !== undefined) sendCommitmentEtag(reply, version);
        return body;
      }),
    );
  }
}

/** The route answers with the changed commitment's new ETag, taken from its response body. */
export const SendsCommitmentEtag = (): MethodDecorator & ClassDecorator =>
  UseInterceptors(CommitmentEtagInterceptor);
