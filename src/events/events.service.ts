import { Injectable } from '@nestjs/common';
import { toIsoDate } from '../common/dates.js';
import { ProblemException } from '../common/problem-details.js';
import { isSlug } from '../common/identifiers.js';
import { emptyStatusCounts } from '../common/status-counts.js';
import { toCommitmentDto } from '../commitments/commitment.mapper.js';
import { CommitmentsRepository } from '../commitments/commitments.repository.js';
import { EventsRepository } from './events.repository.js';
import type { Event } from '../generated/prisma/client.js';
import type { EventDetailDto, EventDto } from './dto/event.dto.js';

export function toEventDto(event: Event): EventDto {
  return {
    slug: event.slug,
    title: event.title,
    heldOn: toIsoDate(event.heldOn),
    format: event.format,
    location: event.location,
    participants: event.participants,
    sourceUrl: event.sourceUrl,
  };
}

@Injectable()
export class EventsService {
  constructor(
    private readonly events: EventsRepository,
    private readonly commitments: CommitmentsRepository,
  ) {}

  async listPublic(): Promise<EventDto[]> {
    return (await this.events.listPublic()).map(toEventDto);
  }

  /** The event with its public commitments (by title) and their count per status. */
  async getPublic(slug: string): Promise<EventDetailDto> {
    const event = isSlug(slug) ? await this.events.findPublic(slug) : null;
    if (!event) throw new ProblemException(404, `No event with slug "${slug}".`);
    const commitments = (await this.commitments.findByEvent(event.id)).map(toCommitmentDto);
    const byStatus = emptyStatusCounts();
    for (const commitment of commitments) byStatus[commitment.status] += 1;
    return { ...toEventDto(event), commitments, byStatus };
  }
}
