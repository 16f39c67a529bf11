import type { ClassConstructor } from 'class-transformer';
import { CreateEventDto } from '../events/dto/event-write.dto.js';
import { EVENTS } from '../events/event-kind.js';
import { CreatePartyDto } from '../parties/dto/party-write.dto.js';
import { PARTIES } from '../parties/party-kind.js';
import type { StaffMember } from '../auth/staff-member.js';
import type {
  ReferenceDataWriter,
  ReferenceKind,
} from '../reference-data/reference-data-writer.js';
import { CreateThemeDto } from '../themes/dto/theme-write.dto.js';
import { THEMES } from '../themes/theme-kind.js';

export interface ReferenceField {
  name: string;
  label: string;
  required?: boolean;
  type?: 'date' | 'url';
}

/** One kind of reference data as the workspace lists, creates and archives it. */
export interface ReferencePage {
  title: string;
  /** The field that addresses a row (and the public listing's key). */
  key: 'slug' | 'code';
  /** The public page of a row, if it has one. */
  publicPath?: string;
  fields: ReferenceField[];
  dto: ClassConstructor<object>;
  create: (
    writer: ReferenceDataWriter,
    staff: StaffMember,
    key: string,
    body: object,
  ) => Promise<unknown>;
  archive: (writer: ReferenceDataWriter, staff: StaffMember, key: string) => Promise<void>;
}

/** The writes of a kind, given a body its page checked against its create DTO. */
function writesOf<Row extends { id: string }, C, U, Dto>(kind: ReferenceKind<Row, C, U, Dto>) {
  return {
    create: (writer: ReferenceDataWriter, staff: StaffMember, key: string, body: object) =>
      writer.create(kind, staff, key, body as C),
    archive: (writer: ReferenceDataWriter, staff: StaffMember, key: string) =>
      writer.archive(kind, staff, key),
  };
}

const SLUG = { name: 'slug', label: 'Slug (letters, digits and hyphens)', required: true };

/** The workspace's reference data pages, by the last segment of their address. */
export const REFERENCE_PAGES: Record<string, ReferencePage | undefined> = {
  themes: {
    title: 'Themes',
    key: 'slug',
    publicPath: '/themes/',
    fields: [
      SLUG,
      { name: 'name', label: 'Name', required: true },
      { name: 'description', label: 'Description' },
    ],
    dto: CreateThemeDto,
    ...writesOf(THEMES),
  },
  parties: {
    title: 'Parties',
    key: 'code',
    fields: [
      { name: 'code', label: 'Code (e.g. KR)', required: true },
      { name: 'name', label: 'Name', required: true },
      { name: 'nameKo', label: 'Name in Korean' },
      { name: 'nameZh', label: 'Name in Chinese' },
    ],
    dto: CreatePartyDto,
    ...writesOf(PARTIES),
  },
  events: {
    title: 'Events',
    key: 'slug',
    publicPath: '/events/',
    fields: [
      SLUG,
      { name: 'title', label: 'Title', required: true },
      { name: 'heldOn', label: 'Held on', required: true, type: 'date' },
      { name: 'format', label: 'Format' },
      { name: 'location', label: 'Location' },
      { name: 'sourceUrl', label: 'Source URL', type: 'url' },
    ],
    dto: CreateEventDto,
    ...writesOf(EVENTS),
  },
};
