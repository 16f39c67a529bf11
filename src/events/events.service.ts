import { Injectable } from '@nestjs/common';
import { toIsoDate } from '../common/dates.js';
import { DEFAULT_LANGUAGE, type Language } from '../common/languages.js';
import { ProblemException } from '../common/problem-details.js';
import { isSlug } from '../common/identifiers.js';
import { emptyStatusCounts } from '../common/status-counts.js';
import { toCommitmentDto } from '../commitments/commitment.mapper.js';
import { CommitmentsRepository } from '../commitments/commitments.repository.js';
import { EventsRepository } from './events.repository.js';
import type { Event } from '../generated/prisma/client.js';
import type { EventDetailDto, EventDto, LocalizedEventDto } from './dto/event.dto.js';
import type { EventInLanguage } from './events.repository.js';
import { nameIn } from '../commitments/commitment.mapper.js';

/** An event as written. */
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

/** An event in the language: its title translated where it can be, the original beside it. */
function toLocalizedEventDto(event: EventInLanguage, language: Language): LocalizedEventDto {
  const title = nameIn(event.title, { [language]: event.translations[0]?.title }, language);
  return {
    ...toEventDto(event),
    title: title.text,
    language: title.language,
    original: { language: DEFAULT_LANGUAGE, title: event.title },
  };
}

@Injectable()
export class EventsService {
  constructor(
    private readonly events: EventsRepository,
    private readonly commitments: CommitmentsRepository,
  ) {}

  async listPublic(language: Language): Promise<LocalizedEventDto[]> {
    return (await this.events.listPublic(language)).map((event) =>
      toLocalizedEventDto(event, language),
    );
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
    return { ...toLocalizedEventDto(event, language), commitments, byStatus };
  }
}
