import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LANGUAGES, type Language } from '../../common/languages.js';
import { OptionalText, RequiredText } from '../../common/text-fields.js';
import { TranslatedByDto } from '../../common/translation-fields.js';

/** An event's title, a theme's name (and description) or a party's name in another language. */
export class ReferenceTranslationBodyDto extends TranslatedByDto {
  @ApiProperty({ description: "The event's title, the theme's or the party's name." })
  @RequiredText(300)
  name!: string;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'Themes only.' })
  @OptionalText(2000)
  description?: string | null;
}

export class ReferenceTranslationDto {
  @ApiProperty({ enum: LANGUAGES }) language!: Language;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty() translator!: string;
  @ApiProperty() official!: boolean;
}

/** One translation as the kind's writer stores it. */
export interface ReferenceTranslation {
  name: string;
  description: string | null;
  translator: string;
  official: boolean;
}
