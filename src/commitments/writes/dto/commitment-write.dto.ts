import {
  ApiProperty,
  ApiPropertyOptional,
  IntersectionType,
  PartialType,
  PickType,
} from '@nestjs/swagger';
import { plainToInstance, Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsEnum,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate } from '../../../common/calendar-date.js';
import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from '../../../common/languages.js';
import { PartyCode, Slug } from '../../../common/identifiers.js';
import { PartyRole } from '../../../generated/prisma/enums.js';
import { RequiredText, OptionalText } from '../../../common/text-fields.js';
import { TranslatedByDto } from '../../../common/translation-fields.js';

export class PartyRefDto {
  @PartyCode()
  code!: string;

  @ApiPropertyOptional({ enum: PartyRole, default: PartyRole.PLEDGING })
  @IsOptional()
  @IsEnum(PartyRole)
  role?: PartyRole;
}

/** Parties may be given as codes (`["KR"]`) or as `{ code, role }` objects. */
function toPartyRefs({ value }: { value: unknown }): unknown {
  if (!Array.isArray(value)) return value;
  return value.map((item: unknown) =>
    typeof item === 'string'
      ? plainToInstance(PartyRefDto, { code: item })
      : typeof item === 'object' && item !== null
        ? plainToInstance(PartyRefDto, item)
        : item,
  );
}

/** `status`, `version`, `stale` and timestamps are not here: only the API's own writes set them. */
export class CreateCommitmentDto {
  @ApiProperty()
  @RequiredText(500)
  title!: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @OptionalText(5000)
  summary?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Verbatim words of the source.',
  })
  @OptionalText(10000)
  quote?: string | null;

  @ApiPropertyOptional({
    enum: LANGUAGES,
    default: DEFAULT_LANGUAGE,
    description: 'The language title, summary and quote are written in.',
  })
  @IsOptional()
  @IsIn(LANGUAGES)
  language?: Language;

  @ApiProperty({ description: 'Slug of the event the pledge was made at.' })
  @IsString()
  @IsNotEmpty()
  event!: string;

  @ApiProperty({
    type: [PartyRefDto],
    description: 'Pledging and counterpart parties; plain codes mean PLEDGING.',
  })
  @Transform(toPartyRefs)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  parties!: PartyRefDto[];

  @ApiProperty({ type: [String], description: 'Theme slugs.' })
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsString({ each: true })
  themes!: string[];

  @ApiProperty({ format: 'date' })
  @IsCalendarDate()
  madeOn!: string;

  @ApiPropertyOptional({ nullable: true, type: String, format: 'date' })
  @IsOptional()
  @IsCalendarDate()
  targetDate?: string | null;

  @ApiPropertyOptional({ nullable: true, type: Number, minimum: 1, maximum: 3650 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  reviewIntervalDays?: number | null;

  @Slug({ optional: true, description: 'Derived from the title when absent.' })
  slug?: string;
}

/** Any subset of the create fields; `null` clears the optional ones and is refused elsewhere. */
export class UpdateCommitmentDto extends PartialType(CreateCommitmentDto, {
  skipNullProperties: false,
}) {}

/**
 * A commitment's title, summary and quote in another language than its own: the quote, translated,
 * is shown beside the original, labelled as a translation.
 */
export class CommitmentTranslationBodyDto extends IntersectionType(
  PickType(CreateCommitmentDto, ['title', 'summary', 'quote'] as const),
  TranslatedByDto,
) {}
