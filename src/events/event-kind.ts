import { fromIsoDate } from '../common/dates.js';
import type { Event } from '../generated/prisma/client.js';
import type { ReferenceKind } from '../reference-data/reference-data-writer.js';
import type { CreateEventDto, UpdateEventDto } from './dto/event-write.dto.js';
import type { EventDto } from './dto/event.dto.js';
import { toEventDto } from './events.service.js';

/** The event table as reference data: how the generic writer finds, writes and shows a row. */
const eventColumns = (body: UpdateEventDto) => ({
  ...body,
  heldOn: body.heldOn === undefined ? undefined : fromIsoDate(body.heldOn),
});

export const EVENTS: ReferenceKind<Event, CreateEventDto, UpdateEventDto, EventDto> = {
  entityType: 'event',
  describe: (slug) => `event with slug "${slug}"`,
  find: (tx, slug) => tx.event.findFirst({ where: { slug, archived: false } }),
  create: (tx, body) =>
    tx.event.create({
      data: {
        ...eventColumns(body),
        slug: body.slug,
        heldOn: fromIsoDate(body.heldOn),
        title: body.title,
      },
    }),
  update: (tx, id, body) => tx.event.update({ where: { id }, data: eventColumns(body) }),
  archive: (tx, id) => tx.event.update({ where: { id }, data: { archived: true } }),
  shownIn: (eventId) => ({ eventId }),
  toDto: toEventDto,
  translate: async (tx, eventId, language, translation) => {
    if (!translation) {
      await tx.eventTranslation.deleteMany({ where: { eventId, language } });
      return;
    }
    const { name: title, translator, official } = translation;
    await tx.eventTranslation.upsert({
      where: { eventId_language: { eventId, language } },
      create: { eventId, language, title, translator, official },
      update: { title, translator, official },
    });
  },
  translatesDescription: false,
};
