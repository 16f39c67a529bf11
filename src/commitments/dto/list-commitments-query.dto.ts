import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEnum, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { LangQuery } from '../../common/content-language.js';
import type { Language } from '../../common/languages.js';
import { PageQueryDto } from '../../common/pagination.js';
import { IdOrSlugFilter, PartyCode, SlugFilter } from '../../common/identifiers.js';
import { IsDateFilter, QueryBoolean } from '../../common/query-params.js';
import { CommitmentStatus } from '../../generated/prisma/enums.js';

export const COMMITMENT_SORTS = [
  'updatedAt',
  '-updatedAt',
  'targetDate',
  '-targetDate',
  'madeOn',
  '-madeOn',
  'title',
  '-title',
] as const;
export type CommitmentSort = (typeof COMMITMENT_SORTS)[number];

export const SEARCH_MAX_LENGTH = 200;

/** `status=A&status=B` and `status=A,B` both give `[A, B]`. */
const toStatusList = ({ value }: { value: unknown }): unknown =>
  value === undefined
    ? undefined
    : [value].flat().flatMap((item) => (typeof item === 'string' ? item.split(',') : [item]));

/** NUL and other control characters cannot reach PostgreSQL's text search; spaces do the same. */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;
const toSearchText = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.replace(CONTROL_CHARACTERS, ' ') : value;

export class ListCommitmentsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: CommitmentStatus,
    isArray: true,
    description: 'Repeatable (`status=A&status=B`) or comma-separated: any of these statuses.',
  })
  @IsOptional()
  @Transform(toStatusList)
  @IsEnum(CommitmentStatus, { each: true })
  status?: CommitmentStatus[];

  @SlugFilter('Only commitments with this theme (slug).')
  theme?: string;

  @PartyCode({ optional: true, description: 'Only commitments this party is part of (code).' })
  party?: string;

  @SlugFilter('Only commitments made at this event (slug).')
  event?: string;

  @ApiPropertyOptional({ description: 'true: only stale commitments; false: only fresh ones.' })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  stale?: boolean;

  @ApiPropertyOptional({
    description:
      'true: only commitments past their target date and not yet FULFILLED or BROKEN; false: the others.',
  })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({
    maxLength: SEARCH_MAX_LENGTH,
    description:
      'Full-text search over title, summary and quote (web-search syntax: words, "phrases", -not, or). ' +
      'Without `sort`, results come best match first.',
  })
  @IsOptional()
  @IsString()
  @Transform(toSearchText)
  @MaxLength(SEARCH_MAX_LENGTH)
  q?: string;

  @IdOrSlugFilter(
    'The whole lineage of this commitment (id or slug): it, the earlier commitments it repeats and the later ones repeating it, at any distance (up to 100 links each way).',
  )
  lineage?: string;

  @IsDateFilter('Only commitments with a target date on or before this date.')
  targetBefore?: string;

  @IsDateFilter('Only commitments with a target date on or after this date.')
  targetAfter?: string;

  @ApiPropertyOptional({
    enum: COMMITMENT_SORTS,
    default: '-updatedAt',
    description: 'Sort key; a leading `-` sorts descending. Missing target dates come last.',
  })
  @IsOptional()
  @IsIn(COMMITMENT_SORTS)
  sort?: string;

  @LangQuery()
  lang?: Language;
}

/** The CSV export takes the filters and sort of the list, and returns every matching row. */
export class ExportCommitmentsQueryDto extends OmitType(ListCommitmentsQueryDto, [
  'limit',
  'cursor',
] as const) {}
