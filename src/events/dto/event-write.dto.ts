import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsUrl, MaxLength } from 'class-validator';
import { IsCalendarDate } from '../../common/calendar-date.js';
import { Slug } from '../../common/identifiers.js';
import { RequiredText, OptionalText } from '../../common/text-fields.js';

export class CreateEventDto {
  @Slug({ description: 'e.g. kr-cn-strategic-dialogue-2021-12-23' })
  slug!: string;

  @ApiProperty()
  @RequiredText(300)
  title!: string;

  @ApiProperty({ format: 'date' })
  @IsCalendarDate()
  heldOn!: string;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'virtual' })
  @OptionalText(100)
  format?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @OptionalText(200)
  location?: string | null;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @RequiredText(200, { each: true })
  participants?: string[];

  @ApiPropertyOptional({ nullable: true, type: String, format: 'uri' })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(2048)
  sourceUrl?: string | null;
}

/** The slug is the event's address and stays. */
export class UpdateEventDto extends PartialType(OmitType(CreateEventDto, ['slug'] as const), {
  skipNullProperties: false,
}) {}
