import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class CreatePartyDto {
  @ApiProperty({ example: 'KR', description: 'Upper-case letters, digits and hyphens.' })
  @Matches(/^[A-Z0-9][A-Z0-9-]{0,15}$/, {
    message: 'code must be up to 16 upper-case letters, digits or hyphens',
  })
  code!: string;

  @ApiProperty({ example: 'South Korea' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  nameKo?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  nameZh?: string | null;
}

/** The code is the party's address and stays. */
export class UpdatePartyDto extends PartialType(OmitType(CreatePartyDto, ['code'] as const), {
  skipNullProperties: false,
}) {}
