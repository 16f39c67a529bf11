import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Matches, MaxLength } from 'class-validator';
import { SLUG_PATTERN } from '../../commitments/writes/dto/commitment-write.dto.js';
import { RequiredText, OptionalText } from '../../common/text-fields.js';

export class CreateThemeDto {
  @ApiProperty({ example: 'supply-chain-security' })
  @Matches(SLUG_PATTERN, { message: 'slug must be lower-case words joined by hyphens' })
  @MaxLength(120)
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
