import { fromIsoDate } from '../common/dates.js';
import type { CreateEventDto, UpdateEventDto } from '../events/dto/event-write.dto.js';
import type { EventDto } from '../events/dto/event.dto.js';
import { toEventDto } from '../events/events.service.js';
import type { Event, Party, Theme } from '../generated/prisma/client.js';
import type { CreatePartyDto, UpdatePartyDto } from '../parties/dto/party-write.dto.js';
import type { PartyDto } from '../parties/dto/party.dto.js';
import type { CreateThemeDto, UpdateThemeDto } from '../themes/dto/theme-write.dto.js';
import type { ThemeDto } from '../themes/dto/theme.dto.js';
import type { ReferenceKind } from './reference-data-writer.js';

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
};

export const PARTIES: ReferenceKind<Party, CreatePartyDto, UpdatePartyDto, PartyDto> = {
  entityType: 'party',
  describe: (code) => `party with code "${code}"`,
  find: (tx, code) => tx.party.findFirst({ where: { code, archived: false } }),
  create: (tx, body) => tx.party.create({ data: body }),
  update: (tx, id, body) => tx.party.update({ where: { id }, data: body }),
  archive: (tx, id) => tx.party.update({ where: { id }, data: { archived: true } }),
  shownIn: (partyId) => ({ parties: { some: { partyId } } }),
  toDto: ({ code, name, nameKo, nameZh }) => ({ code, name, nameKo, nameZh }),
};

export const THEMES: ReferenceKind<Theme, CreateThemeDto, UpdateThemeDto, ThemeDto> = {
  entityType: 'theme',
  describe: (slug) => `theme with slug "${slug}"`,
  find: (tx, slug) => tx.theme.findFirst({ where: { slug, archived: false } }),
  create: (tx, body) => tx.theme.create({ data: body }),
  update: (tx, id, body) => tx.theme.update({ where: { id }, data: body }),
  archive: (tx, id) => tx.theme.update({ where: { id }, data: { archived: true } }),
  shownIn: (themeId) => ({ themes: { some: { themeId } } }),
  toDto: ({ slug, name, description }) => ({ slug, name, description }),
};
