import { applyDecorators, type Type } from '@nestjs/common';
import { ApiCreatedResponse } from '@nestjs/swagger';
import { ReplyHeader } from './reply-headers.js';

export interface CreatedOptions<T> {
  type: Type<T>;
  description?: string;
  /** The address of what was created, from the response body. */
  location: (body: T) => string;
  /** What `Location` points at, for the OpenAPI document. */
  locationDescription: string;
}

/**
 * A route that answers 201 with `Location`: derived from the response body, so an
 * Idempotency-Key replay (which answers from the stored body) sends it as the first answer did.
 */
export function Created<T>(options: CreatedOptions<T>): MethodDecorator {
  return applyDecorators(
    ApiCreatedResponse({
      type: options.type,
      description: options.description,
      headers: {
        Location: { description: options.locationDescription, schema: { type: 'string' } },
      },
    }),
    ReplyHeader('location', (body) =>
      body !== null && typeof body === 'object' ? options.location(body as T) : undefined,
    ),
  );
}
