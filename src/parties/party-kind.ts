import type { Language } from '../common/languages.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { ReferenceKind } from '../reference-data/reference-data-writer.js';
import type { CreatePartyDto, UpdatePartyDto } from './dto/party-write.dto.js';
import type { PartyDto } from './dto/party.dto.js';

type Tx = Prisma.TransactionClient;

const WITH_NAMES = { translations: { select: { language: true, name: true } } } as const;
export type PartyWithNames = Prisma.PartyGetPayload<{ include: typeof WITH_NAMES }>;

/** A party as the API shows it: its English name and its Korean and Chinese translations. */
export function toPartyDto({ code, name, translations }: PartyWithNames): PartyDto {
  const nameIn = (language: Language) =>
    translations.find((translation) => translation.language === language)?.name ?? null;
  return { code, name, nameKo: nameIn('ko'), nameZh: nameIn('zh') };
}

async function setName(
  tx: Tx,
  partyId: string,
  language: Language,
  name: string | null | undefined,
  translator: string,
): Promise<void> {
  if (name === undefined) return;
  await translateParty(tx, partyId, language, name === null ? null : { name, translator });
}

function translateParty(
  tx: Tx,
  partyId: string,
  language: Language,
  translation: { name: string; translator: string; official?: boolean } | null,
): Promise<unknown> {
  const key = { partyId_language: { partyId, language } };
  if (!translation) return tx.partyTranslation.deleteMany({ where: { partyId, language } });
  const { name, translator, official = false } = translation;
  return tx.partyTranslation.upsert({
    where: key,
    create: { partyId, language, name, translator, official },
    update: { name, translator, official },
  });
}

/** The body's nameKo and nameZh are its translations (null removes one). */
async function write(
  tx: Tx,
  id: string,
  { nameKo, nameZh }: UpdatePartyDto,
  translator: string,
): Promise<PartyWithNames> {
  await setName(tx, id, 'ko', nameKo, translator);
  await setName(tx, id, 'zh', nameZh, translator);
  return tx.party.findUniqueOrThrow({ where: { id }, include: WITH_NAMES });
}

/** The party table as reference data: how the generic writer finds, writes and shows a row. */
export const PARTIES: ReferenceKind<PartyWithNames, CreatePartyDto, UpdatePartyDto, PartyDto> = {
  entityType: 'party',
  describe: (code) => `party with code "${code}"`,
  find: (tx, code) => tx.party.findFirst({ where: { code, archived: false }, include: WITH_NAMES }),
  create: async (tx, { code, name, ...names }, translator) => {
    const { id } = await tx.party.create({ data: { code, name } });
    return write(tx, id, names, translator);
  },
  update: async (tx, id, { name, ...names }, translator) => {
    if (name !== undefined) await tx.party.update({ where: { id }, data: { name } });
    return write(tx, id, names, translator);
  },
  archive: (tx, id) =>
    tx.party.update({ where: { id }, data: { archived: true }, include: WITH_NAMES }),
  shownIn: (partyId) => ({ partyId }),
  toDto: toPartyDto,
  translate: async (tx, id, language, translation) => {
    await translateParty(tx, id, language, translation);
  },
  translatesDescription: false,
};
