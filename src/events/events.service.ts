import { Injectable } from '@nestjs/common';
import { toIsoDate } from '../common/dates.js';
import { ProblemException } from '../common/problem-details.js';
import { SLUG_PATTERN } from '../common/query-params.js';
import { emptyStatusCounts } from '../common/status-counts.js';
import { toCommitmentDto } from '../commitments/commitment.mapper.js';
import { CommitmentsRepository } from '../commitments/commitments.repository.js';
import { PrismaService } from '../database/prisma.service.js';
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
    private readonly prisma: PrismaService,
    private readonly commitments: CommitmentsRepository,
  ) {}

  async listPublic(): Promise<EventDto[]> {
    const events = await this.prisma.event.findMany({
      where: { archived: false },
      orderBy: [{ heldOn: 'desc' }, { slug: 'asc' }],
    });
    return events.map(toEventDto);
  }

  /** The event with its public commitments (by title) and their count per status. */
  async getPublic(slug: string): Promise<EventDetailDto> {
    const event = SLUG_PATTERN.test(slug)
      ? await this.prisma.event.findFirst({ where: { slug, archived: false } })
      : null;
    if (!event) throw new ProblemException(404, `No event with slug "${slug}".`);
    const commitments = (await this.commitments.findByEvent(event.id)).map(toCommitmentDto);
    const byStatus = emptyStatusCounts();
    for (const commitment of commitments) byStatus[commitment.status] += 1;
    return { ...toEventDto(event), commitments, byStatus };
  }
}
