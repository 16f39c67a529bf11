import { ApiProperty } from '@nestjs/swagger';
import { StatusCountsDto } from '../../common/status-counts.js';
import { ThemeRefDto } from '../../commitments/dto/commitment.dto.js';

export class ThemeStatusCountsDto {
  @ApiProperty({ type: ThemeRefDto }) theme!: ThemeRefDto;
  @ApiProperty({ type: StatusCountsDto }) byStatus!: StatusCountsDto;
}

export class StatsDto {
  @ApiProperty({ type: StatusCountsDto }) byStatus!: StatusCountsDto;
  @ApiProperty({
    type: [ThemeStatusCountsDto],
    description: 'Every public theme (by name), counting the matching commitments it carries.',
  })
  byTheme!: ThemeStatusCountsDto[];
  @ApiProperty({ description: 'Commitments flagged stale.' }) stale!: number;
  @ApiProperty({ description: 'Past their target date and neither FULFILLED nor BROKEN.' })
  overdue!: number;
  @ApiProperty() total!: number;
  @ApiProperty({ minimum: 0, maximum: 1, description: 'FULFILLED / total (0 when total is 0).' })
  shareFulfilled!: number;
}
