import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { RequiredText } from './text-fields.js';

/** Who made a translation, in a request that sets one (of a commitment or of reference data). */
export class TranslatedByDto {
  @ApiPropertyOptional({ description: 'Who translated it; default: whoever sends it.' })
  @IsOptional()
  @RequiredText(200)
  translator?: string;

  @ApiPropertyOptional({ description: "True: a party's official text. Default false." })
  @IsOptional()
  @IsBoolean()
  official?: boolean;
}
