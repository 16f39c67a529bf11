import { Injectable } from '@nestjs/common';
import type { Language } from '../common/languages.js';
import { PrismaService } from '../database/prisma.service.js';
import type { Prisma } from '../generated/prisma/client.js';

/** What a public read of events includes: the title in the language, where translated. */
const titleIn = (language: Language) =>
  ({ translations: { where: { language }, select: { title: true } } }) as const;

export type EventInLanguage = Prisma.EventGetPayload<{ include: ReturnType<typeof titleIn> }>;

@Injectable()
export class EventsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Live events, latest first. */
  listPublic(language: Language): Promise<EventInLanguage[]> {
    return this.prisma.event.findMany({
      where: { archived: false },
      include: titleIn(language),
      orderBy: [{ heldOn: 'desc' }, { slug: 'asc' }],
    });
  }

  findPublic(slug: string, language: Language): Promise<EventInLanguage | null> {
    return this.prisma.event.findFirst({
      where: { slug, archived: false },
      include: titleIn(language),
    });
  }
}
