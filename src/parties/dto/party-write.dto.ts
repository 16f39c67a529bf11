import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { PartyCode } from '../../common/identifiers.js';
import { RequiredText, OptionalText } from '../../common/text-fields.js';

export class CreatePartyDto {
  @PartyCode()
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
