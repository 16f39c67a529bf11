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

/** A field of a reference form; its label is the catalogues' `staffReference.<name>`. */
export interface ReferenceField {
  name: string;
  required?: boolean;
  type?: 'date' | 'url';
}

/**
 * One kind of reference data as the workspace lists, creates and archives it; its title is the
 * catalogues' `staff.<kind>`.
 */
export interface ReferencePage {
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

const SLUG = { name: 'slug', required: true };

/** The workspace's reference data pages, by the last segment of their address. */
export const REFERENCE_PAGES: Record<string, ReferencePage | undefined> = {
  themes: {
    key: 'slug',
    publicPath: '/themes/',
    fields: [SLUG, { name: 'name', required: true }, { name: 'description' }],
    dto: CreateThemeDto,
    ...writesOf(THEMES),
  },
  parties: {
    key: 'code',
    fields: [
      { name: 'code', required: true },
      { name: 'name', required: true },
      { name: 'nameKo' },
      { name: 'nameZh' },
    ],
    dto: CreatePartyDto,
    ...writesOf(PARTIES),
  },
  events: {
    key: 'slug',
    publicPath: '/events/',
    fields: [
      SLUG,
      { name: 'title', required: true },
      { name: 'heldOn', required: true, type: 'date' },
      { name: 'format' },
      { name: 'location' },
      { name: 'sourceUrl', type: 'url' },
    ],
    dto: CreateEventDto,
    ...writesOf(EVENTS),
  },
};
