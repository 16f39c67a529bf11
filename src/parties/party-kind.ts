import type { Party } from '../generated/prisma/client.js';
import type { ReferenceKind } from '../reference-data/reference-data-writer.js';
import type { CreatePartyDto, UpdatePartyDto } from './dto/party-write.dto.js';
import type { PartyDto } from './dto/party.dto.js';

/** The party table as reference data: how the generic writer finds, writes and shows a row. */
export const PARTIES: ReferenceKind<Party, CreatePartyDto, UpdatePartyDto, PartyDto> = {
  entityType: 'party',
  describe: (code) => `party with code "${code}"`,
  find: (tx, code) => tx.party.findFirst({ where: { code, archived: false } }),
  create: (tx, body) => tx.party.create({ data: body }),
  update: (tx, id, body) => tx.party.update({ where: { id }, data: body }),
  archive: (tx, id) => tx.party.update({ where: { id }, data: { archived: true } }),
  shownIn: (partyId) => ({ partyId }),
  toDto: ({ code, name, nameKo, nameZh }) => ({ code, name, nameKo, nameZh }),
};
