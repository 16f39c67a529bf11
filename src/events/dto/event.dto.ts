import { ApiProperty } from '@nestjs/swagger';
import { StatusCountsDto } from '../../common/status-counts.js';
import { CommitmentDto } from '../../commitments/dto/commitment.dto.js';

export class EventDto {
  @ApiProperty({ example: 'kr-cn-strategic-dialogue-9' }) slug!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ format: 'date' }) heldOn!: string;
  @ApiProperty({ nullable: true, type: String, example: 'virtual' }) format!: string | null;
  @ApiProperty({ nullable: true, type: String }) location!: string | null;
  @ApiProperty({ type: [String] }) participants!: string[];
  @ApiProperty({ nullable: true, type: String, format: 'uri' }) sourceUrl!: string | null;
}

export class EventListDto {
  @ApiProperty({ type: [EventDto] }) data!: EventDto[];
}

export class EventDetailDto extends EventDto {
  @ApiProperty({ type: [CommitmentDto], description: 'Its public commitments, by title.' })
  commitments!: CommitmentDto[];
  @ApiProperty({ type: StatusCountsDto }) byStatus!: StatusCountsDto;
}
