import { ApiProperty } from '@nestjs/swagger';
import { LANGUAGES, type Language } from '../../common/languages.js';
import { StatusCountsDto } from '../../common/status-counts.js';
import { CommitmentDto } from '../../commitments/dto/commitment.dto.js';

/** An event as written: what staff writes answer and the audit records. */
export class EventDto {
  @ApiProperty({ example: 'kr-cn-strategic-dialogue-9' }) slug!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ format: 'date' }) heldOn!: string;
  @ApiProperty({ nullable: true, type: String, example: 'virtual' }) format!: string | null;
  @ApiProperty({ nullable: true, type: String }) location!: string | null;
  @ApiProperty({ type: [String] }) participants!: string[];
  @ApiProperty({ nullable: true, type: String, format: 'uri' }) sourceUrl!: string | null;
}

export class EventOriginalDto {
  @ApiProperty({ enum: LANGUAGES, description: 'The language it was written in.' })
  language!: Language;
  @ApiProperty() title!: string;
}

/** An event as the public reads show it in the negotiated language. */
export class LocalizedEventDto extends EventDto {
  @ApiProperty({
    enum: LANGUAGES,
    description:
      'The language title is in: the negotiated one where translated, else the original.',
  })
  language!: Language;
  @ApiProperty({ type: EventOriginalDto }) original!: EventOriginalDto;
}

export class EventListDto {
  @ApiProperty({ type: [LocalizedEventDto] }) data!: LocalizedEventDto[];
}

export class EventDetailDto extends LocalizedEventDto {
  @ApiProperty({ type: [CommitmentDto], description: 'Its public commitments, by title.' })
  commitments!: CommitmentDto[];
  @ApiProperty({ type: StatusCountsDto }) byStatus!: StatusCountsDto;
}
