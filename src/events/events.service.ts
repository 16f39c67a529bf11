import { Injectable } from '@nestjs/common';
import { toIsoDate } from '../common/dates.js';
import type { Language } from '../common/languages.js';
import { ProblemException } from '../common/problem-details.js';
import { isSlug } from '../common/identifiers.js';
import { emptyStatusCounts } from '../common/status-counts.js';
import { toCommitmentDto } from '../commitments/commitment.mapper.js';
import { CommitmentsRepository } from '../commitments/commitments.repository.js';
import { EventsRepository } from './events.repository.js';
import type { Event } from '../generated/prisma/client.js';
import type { EventDetailDto, EventDto } from './dto/event.dto.js';

/** An event as the API shows it: `translations`, when given, holds its title in the language. */
export function toEventDto(event: Event & { translations?: { title: string }[] }): EventDto {
  return {
    slug: event.slug,
    title: event.translations?.[0]?.title ?? event.title,
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

  async listPublic(language: Language): Promise<EventDto[]> {
    return (await this.events.listPublic(language)).map(toEventDto);
  }

  /** The event with its public commitments (by title) and their count per status. */
  async getPublic(slug: string, language: Language): Promise<EventDetailDto> {
    const event = isSlug(slug) ? await this.events.findPublic(slug, language) : null;
    if (!event) throw new ProblemException(404, `No event with slug "${slug}".`);
    const commitments = (await this.commitments.findByEvent(event.id)).map((row) =>
      toCommitmentDto(row, language),
    );
    const byStatus = emptyStatusCounts();
    for (const commitment of commitments) byStatus[commitment.status] += 1;
    return { ...toEventDto(event), commitments, byStatus };
  }
}
