import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { map, type Observable } from 'rxjs';

/** A response header computed from the response body; undefined sends none. */
interface DerivedHeader {
  name: string;
  derive: (body: unknown) => string | undefined;
}

const REPLY_HEADERS = 'reply:derivedHeaders';

/**
 * The route (or every route of a controller) answers with a header derived from its body, such
 * as the new ETag of a write. Derived rather than set in the handler so that an idempotent replay,
 * which answers from the stored body, carries the same headers.
 */
export function ReplyHeader(
  name: string,
  derive: DerivedHeader['derive'],
): MethodDecorator & ClassDecorator {
  return (target: object, _key?: string | symbol, descriptor?: PropertyDescriptor) => {
    const holder = (descriptor?.value ?? target) as object;
    const headers = (Reflect.getMetadata(REPLY_HEADERS, holder) ?? []) as DerivedHeader[];
    Reflect.defineMetadata(REPLY_HEADERS, [...headers, { name, derive }], holder);
  };
}

/** Sends the derived headers of a route; registered around the idempotency interceptor. */
@Injectable()
export class ReplyHeadersInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const headers = this.reflector.getAllAndMerge<DerivedHeader[]>(REPLY_HEADERS, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!headers.length) return next.handle();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((body: unknown) => {
        for (const { name, derive } of headers) {
          const value = derive(body);
          if (value !== undefined) void reply.header(name, value);
        }
        return body;
      }),
    );
  }
}
