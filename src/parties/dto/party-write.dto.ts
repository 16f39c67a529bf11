import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { RequiredText, OptionalText } from '../../common/text-fields.js';

export class CreatePartyDto {
  @ApiProperty({ example: 'KR', description: 'Upper-case letters, digits and hyphens.' })
  @Matches(/^[A-Z0-9][A-Z0-9-]{0,15}$/, {
    message: 'code must be up to 16 upper-case letters, digits or hyphens',
  })
  code!: string;

  @ApiProperty({ example: 'South Korea' })
  @RequiredText(200)
  name!: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @OptionalText(200)
  nameKo?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @OptionalText(200)
  nameZh?: string | null;
}

/** The code is the party's address and stays. */
export class UpdatePartyDto extends PartialType(OmitType(CreatePartyDto, ['code'] as const), {
  skipNullProperties: false,
}) {}
