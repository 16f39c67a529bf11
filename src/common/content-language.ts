import { applyDecorators, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiHeader, ApiPropertyOptional, ApiQuery } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { negotiate } from '@fastify/accept-negotiator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_LANGUAGE, isLanguage, LANGUAGES, type Language } from './languages.js';

/**
 * The language an Accept-Language header prefers among ours, or null. Ranges are reduced to
 * their primary subtag (`ko-KR` is Korean, `zh-Hans-CN` Chinese), then weighed by their q.
 */
export function preferredLanguage(header: string | undefined): Language | null {
  if (!header) return null;
  const primary = header.replace(
    /(^|,)\s*([a-z]{1,8})(?:-[a-z0-9]{1,8})*/gi,
    (_, start, tag) => `${start}${String(tag).toLowerCase()}`,
  );
  const chosen = negotiate(primary, [...LANGUAGES]);
  return isLanguage(chosen) ? chosen : null;
}

/**
 * The language of an answer whose content is translated: `?lang=` when it names one of ours,
 * else the best of Accept-Language, else English. The one place that decides it.
 */
export function negotiateLanguage(request: FastifyRequest): Language {
  const { lang } = (request.query ?? {}) as { lang?: unknown };
  if (isLanguage(lang)) return lang;
  return preferredLanguage(request.headers['accept-language']) ?? DEFAULT_LANGUAGE;
}

/** Marks an answer as being in the language, and as depending on Accept-Language (caches). */
export function sendContentLanguage(reply: FastifyReply, language: Language): void {
  void reply.header('content-language', language);
  const vary = reply.getHeader('vary');
  const named = typeof vary === 'string' ? vary.split(',').map((name) => name.trim()) : [];
  if (!named.some((name) => name.toLowerCase() === 'accept-language')) {
    void reply.header('vary', [...named, 'Accept-Language'].join(', '));
  }
}

/**
 * The route parameter of the negotiated language (see `negotiateLanguage`); the answer is sent
 * with Content-Language and Vary: Accept-Language.
 */
export const ContentLanguage = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Language => {
    const http = context.switchToHttp();
    const language = negotiateLanguage(http.getRequest<FastifyRequest>());
    sendContentLanguage(http.getResponse<FastifyReply>(), language);
    return language;
  },
);

/** The `lang` query parameter of a translated read: it overrides Accept-Language. */
export const LangQuery = (): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({
      enum: LANGUAGES,
      description: 'The language of translated fields; overrides Accept-Language.',
    }),
    IsOptional(),
    IsIn(LANGUAGES),
  );

/**
 * Documents a translated read in OpenAPI: Accept-Language, and `lang` where the route has no
 * query DTO of its own carrying it (`LangQuery`).
 */
export const Translated = (options: { langQuery?: boolean } = {}): MethodDecorator =>
  applyDecorators(
    ApiHeader({
      name: 'Accept-Language',
      required: false,
      description:
        'The language of translated fields (en, ko, zh); the answer says Content-Language and varies on it.',
    }),
    ...(options.langQuery
      ? [
          ApiQuery({
            name: 'lang',
            required: false,
            enum: LANGUAGES,
            description: 'Overrides Accept-Language.',
          }),
        ]
      : []),
  );
