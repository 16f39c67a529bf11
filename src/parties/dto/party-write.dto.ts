import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { PARTY_CODE } from '../../common/party-code.js';
import { RequiredText, OptionalText } from '../../common/text-fields.js';

export class CreatePartyDto {
  @ApiProperty({
    example: 'KR',
    description: '2 to 16 upper-case letters, digits and hyphens, starting with a letter.',
  })
  @Matches(PARTY_CODE, {
    message: 'code must be 2 to 16 upper-case letters, digits or hyphens, starting with a letter',
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
