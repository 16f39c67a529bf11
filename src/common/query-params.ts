import { LangQuery } from './content-language.js';
import type { Language } from './languages.js';
import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, Matches } from 'class-validator';
import { SlugFilter } from './identifiers.js';

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
  @SlugFilter('Only commitments made at this event (slug).')
  event?: string;

  @SlugFilter('Only commitments with this theme (slug).')
  theme?: string;

  @LangQuery()
  lang?: Language;
}
