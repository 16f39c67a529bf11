import {
  applyDecorators,
  type ArgumentMetadata,
  Injectable,
  type PipeTransform,
} from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches, MaxLength, ValidateBy } from 'class-validator';
import { ProblemException } from './problem-details.js';

/**
 * How things are named in paths, filters and bodies, stated once. The database checks the same
 * patterns (the slug and party-code CHECK constraints of the migrations).
 */
export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const SLUG_MAX_LENGTH = 120;
export const PARTY_CODE_PATTERN = /^[A-Z][A-Z0-9-]{0,15}$/;
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isSlug = (value: string): boolean =>
  value.length <= SLUG_MAX_LENGTH && SLUG_PATTERN.test(value);
export const isUuid = (value: string): boolean => UUID_PATTERN.test(value);

const SLUG_MESSAGE = '$property must be a slug (lower-case letters and digits joined by hyphens)';
const PARTY_CODE_MESSAGE =
  '$property must be a party code: an upper-case letter, then up to 15 upper-case letters, digits or hyphens';

/** A slug in a body: required unless `optional`. */
export const Slug = (options: { optional?: boolean; description?: string } = {}) =>
  applyDecorators(
    (options.optional ? ApiPropertyOptional : ApiProperty)({
      description: options.description,
      pattern: SLUG_PATTERN.source,
      maxLength: SLUG_MAX_LENGTH,
    }),
    ...(options.optional ? [IsOptional()] : []),
    MaxLength(SLUG_MAX_LENGTH),
    Matches(SLUG_PATTERN, { message: SLUG_MESSAGE }),
  );

/** An optional query parameter naming something by slug; anything else is a 400. */
export const SlugFilter = (description: string) => Slug({ optional: true, description });

/** An optional filter naming a commitment by id or slug. */
export const IdOrSlugFilter = (description: string) =>
  applyDecorators(
    ApiPropertyOptional({ description }),
    IsOptional(),
    ValidateBy({
      name: 'isIdOrSlug',
      validator: {
        validate: (value) => typeof value === 'string' && (isUuid(value) || isSlug(value)),
        defaultMessage: () => '$property must be an id (UUID) or a slug',
      },
    }),
  );

/** A party code in a body or a filter. */
export const PartyCode = (options: { optional?: boolean; description?: string } = {}) =>
  applyDecorators(
    (options.optional ? ApiPropertyOptional : ApiProperty)({
      description: options.description,
      pattern: PARTY_CODE_PATTERN.source,
      example: 'KR',
    }),
    ...(options.optional ? [IsOptional()] : []),
    Matches(PARTY_CODE_PATTERN, { message: PARTY_CODE_MESSAGE }),
  );

/** The 400 for a path parameter that cannot name anything: it names the parameter. */
function badPathParameter(field: string, message: string): ProblemException {
  return new ProblemException(400, `${field}: ${message}`, {
    errors: [{ field, messages: [message] }],
  });
}

/** A path parameter naming a commitment by id or slug: anything that can be neither is a 400. */
@Injectable()
export class IdOrSlugPipe implements PipeTransform<string, string> {
  transform(value: string, { data }: ArgumentMetadata): string {
    if (isUuid(value) || isSlug(value)) return value;
    throw badPathParameter(data ?? 'idOrSlug', 'must be an id (UUID) or a slug');
  }
}

/** A path parameter naming a row by id: anything else is a 400 naming the parameter. */
@Injectable()
export class IdPipe implements PipeTransform<string, string> {
  transform(value: string, { data }: ArgumentMetadata): string {
    if (isUuid(value)) return value;
    throw badPathParameter(data ?? 'id', 'must be an id (UUID)');
  }
}
