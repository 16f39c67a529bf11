import { Injectable } from '@nestjs/common';
import { toIsoDate } from '../common/dates.js';
import { ProblemException } from '../common/problem-details.js';
import { PrismaService } from '../database/prisma.service.js';
import type { Event } from '../generated/prisma/client.js';
import type { EventDto } from './dto/event.dto.js';

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
  constructor(private readonly prisma: PrismaService) {}

  async listPublic(): Promise<EventDto[]> {
    const events = await this.prisma.event.findMany({
      where: { archived: false },
      orderBy: [{ heldOn: 'desc' }, { slug: 'asc' }],
    });
    return events.map(toEventDto);
  }

  async getPublic(slug: string): Promise<EventDto> {
    const event = await this.prisma.event.findFirst({ where: { slug, archived: false } });
    if (!event) throw new ProblemException(404, `No event with slug "${slug}".`);
    return toEventDto(event);
  }
}
