import { PageInfoDto } from '../../common/pagination.js';
import { ApiProperty } from '@nestjs/swagger';
import { CommitmentStatus, LineageKind, PartyRole } from '../../generated/prisma/enums.js';
import { LANGUAGES, type Language } from '../../common/languages.js';

export class TranslatorDto {
  @ApiProperty({ enum: LANGUAGES }) language!: Language;
  @ApiProperty({ description: 'Who translated it.' }) translator!: string;
  @ApiProperty({ description: "True: a party's official text; false: the tracker's own." })
  official!: boolean;
}

export class CommitmentOriginalDto {
  @ApiProperty({ enum: LANGUAGES, description: 'The language it was written in.' })
  language!: Language;
  @ApiProperty() title!: string;
  @ApiProperty({ nullable: true, type: String }) summary!: string | null;
}

export class CommitmentTranslationDto extends TranslatorDto {
  @ApiProperty() title!: string;
  @ApiProperty({ nullable: true, type: String }) summary!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The quote, translated.' })
  quote!: string | null;
}

export class CommitmentEventDto {
  @ApiProperty() slug!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: LANGUAGES, description: 'The language title is in.' }) language!: Language;
  @ApiProperty({ format: 'date' }) heldOn!: string;
}

export class CommitmentPartyDto {
  @ApiProperty({ example: 'KR' }) code!: string;
  @ApiProperty({ description: 'In English; nameKo and nameZh are its translations.' })
  name!: string;
  @ApiProperty({ nullable: true, type: String }) nameKo!: string | null;
  @ApiProperty({ nullable: true, type: String }) nameZh!: string | null;
  @ApiProperty({ enum: PartyRole }) role!: PartyRole;
}

/** A theme named by slug and name. */
export class ThemeRefDto {
  @ApiProperty() slug!: string;
  @ApiProperty() name!: string;
}

export class CommitmentThemeDto extends ThemeRefDto {
  @ApiProperty({ enum: LANGUAGES, description: 'The language name is in.' }) language!: Language;
}

export class CommitmentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() slug!: string;
  @ApiProperty({ description: 'In the negotiated language where translated, else the original.' })
  title!: string;
  @ApiProperty({ nullable: true, type: String, description: 'As title.' })
  summary!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Verbatim words of the source, always in the language it was reported in.',
  })
  quote!: string | null;
  @ApiProperty({ enum: LANGUAGES, description: 'The language title is shown in.' })
  language!: Language;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The quote in the negotiated language: a translation, not the source.',
  })
  quoteTranslation!: string | null;
  @ApiProperty({
    type: TranslatorDto,
    nullable: true,
    description: 'The translation shown, and who made it; null: the original is shown.',
  })
  translation!: TranslatorDto | null;
  @ApiProperty({ type: CommitmentOriginalDto }) original!: CommitmentOriginalDto;
  @ApiProperty({ enum: CommitmentStatus }) status!: CommitmentStatus;
  @ApiProperty({ nullable: true, type: Number, minimum: 0, maximum: 100 }) progress!: number | null;
  @ApiProperty() stale!: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) staleSince!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastReviewedAt!:
    string | null;
  @ApiProperty({ format: 'date' }) madeOn!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) targetDate!: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Null: the configured default.' })
  reviewIntervalDays!: number | null;
  @ApiProperty() version!: number;
  @ApiProperty({ type: CommitmentEventDto }) event!: CommitmentEventDto;
  @ApiProperty({ type: [CommitmentPartyDto] }) parties!: CommitmentPartyDto[];
  @ApiProperty({ type: [CommitmentThemeDto] }) themes!: CommitmentThemeDto[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class LineageEventDto {
  @ApiProperty() slug!: string;
  @ApiProperty({ description: 'In English, as written.' }) title!: string;
}

export class LineageLinkDto {
  @ApiProperty({
    enum: LineageKind,
    description: 'How the later commitment of the link stands to the earlier one.',
  })
  kind!: LineageKind;
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() slug!: string;
  @ApiProperty({ description: 'As written (not translated).' }) title!: string;
  @ApiProperty({ enum: LANGUAGES, description: 'The language title and quote are in.' })
  language!: Language;
  @ApiProperty({ nullable: true, type: String }) quote!: string | null;
  @ApiProperty({ format: 'date' }) madeOn!: string;
  @ApiProperty({ type: LineageEventDto }) event!: LineageEventDto;
}

export class CommitmentDetailDto extends CommitmentDto {
  @ApiProperty() updatesCount!: number;
  @ApiProperty() evidenceCount!: number;
  @ApiProperty({
    type: [LineageLinkDto],
    description: 'Earlier commitments this one reaffirms, supersedes or narrows (public ones).',
  })
  earlier!: LineageLinkDto[];
  @ApiProperty({
    type: [LineageLinkDto],
    description: 'Later commitments that reaffirm, supersede or narrow this one (public ones).',
  })
  later!: LineageLinkDto[];
  @ApiProperty({ type: [CommitmentTranslationDto], description: 'Every translation.' })
  translations!: CommitmentTranslationDto[];
}

export class CommitmentPageDto {
  @ApiProperty({ type: [CommitmentDto] }) data!: CommitmentDto[];
  @ApiProperty({ type: PageInfoDto }) page!: PageInfoDto;
}
