import { applyDecorators, UseGuards, UseInterceptors } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiHeader,
  ApiResponse,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { RateLimitGuard } from './rate-limit.js';
import { HttpCacheInterceptor } from './http-cache.js';
import { CachedPublicAnswer } from './public-cache/public-answers.js';

/**
 * Marks a route as a public read: rate-limited per client, sent with ETag and Cache-Control,
 * answered with 304 when the client's copy is current, served from the public answer cache while
 * the data is unchanged. Documented as such in OpenAPI.
 */
export function PublicRead(): MethodDecorator {
  return applyDecorators(
    UseGuards(RateLimitGuard),
    CachedPublicAnswer(),
    UseInterceptors(HttpCacheInterceptor),
    ApiHeader({
      name: 'If-None-Match',
      required: false,
      description: 'An ETag from an earlier response: 304 when it is still current.',
    }),
    ApiResponse({ status: 304, description: 'Not modified: the cached copy is current.' }),
    ApiBadRequestResponse({ description: 'A query parameter is malformed (problem+json).' }),
    ApiTooManyRequestsResponse({
      description: 'Rate limit exceeded (problem+json); retry after `Retry-After` seconds.',
    }),
  );
}
