import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Slug } from '../../common/identifiers.js';
import { RequiredText, OptionalText } from '../../common/text-fields.js';

export class CreateThemeDto {
  @Slug({ description: 'e.g. supply-chain-security' })
  slug!: string;

  @ApiProperty()
  @RequiredText(200)
  name!: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @OptionalText(2000)
  description?: string | null;
}

/** The slug is the theme's address and stays. */
export class UpdateThemeDto extends PartialType(OmitType(CreateThemeDto, ['slug'] as const), {
  skipNullProperties: false,
}) {}
