import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, Matches, MaxLength } from 'class-validator';

/** The spelling of slugs (the same check as the database's). */
export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const SLUG_MAX_LENGTH = 120;
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An optional query parameter naming something by slug; anything else is a 400. */
export function IsSlugFilter(description: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ description, pattern: SLUG_PATTERN.source }),
    IsOptional(),
    MaxLength(SLUG_MAX_LENGTH),
    Matches(SLUG_PATTERN, { message: '$property must be a slug (lowercase letters, digits, -)' }),
  );
}

/** An optional `YYYY-MM-DD` query parameter that must be a real calendar date. */
export function IsDateFilter(description: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ description, format: 'date', example: '2022-12-31' }),
    IsOptional(),
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a date as YYYY-MM-DD' }),
    IsISO8601({ strict: true }, { message: '$property must be a real calendar date' }),
  );
}

const DECIMAL_DIGITS = /^\d{1,15}$/;

/**
 * An integer query parameter, written in plain decimal digits. class-transformer's `Number()`
 * would also read `0x10`, `1e1`, `+5` and ` 5`; those stay strings here and fail validation.
 */
export const QueryInteger = (): PropertyDecorator =>
  applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' && DECIMAL_DIGITS.test(value) ? Number(value) : value,
    ),
    IsInt({ message: '$property must be an integer written in decimal digits' }),
  );

/** `true`/`false` in a query string; other spellings stay strings and fail validation. */
export const QueryBoolean = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  );

/** The event and theme that narrow the stats and the feed. */
export class EventThemeFilterDto {
  @IsSlugFilter('Only commitments made at this event (slug).')
  event?: string;

  @IsSlugFilter('Only commitments with this theme (slug).')
  theme?: string;
}
