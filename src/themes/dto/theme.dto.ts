import { ApiProperty } from '@nestjs/swagger';
import { LANGUAGES, type Language } from '../../common/languages.js';

/** A theme as written: what staff writes answer and the audit records. */
export class ThemeDto {
  @ApiProperty({ example: 'supply-chain-security' }) slug!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
}

export class ThemeOriginalDto {
  @ApiProperty({ enum: LANGUAGES, description: 'The language it was written in.' })
  language!: Language;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
}

/** A theme as the public reads show it in the negotiated language. */
export class LocalizedThemeDto extends ThemeDto {
  @ApiProperty({
    enum: LANGUAGES,
    description:
      "The language name is in: the negotiated one where translated, else the original. The description is the translation's where it has one, else the original's.",
  })
  language!: Language;
  @ApiProperty({ type: ThemeOriginalDto }) original!: ThemeOriginalDto;
}

export class ThemeListDto {
  @ApiProperty({ type: [LocalizedThemeDto] }) data!: LocalizedThemeDto[];
}
