import type { Theme } from '../generated/prisma/client.js';
import type { ReferenceKind } from '../reference-data/reference-data-writer.js';
import type { CreateThemeDto, UpdateThemeDto } from './dto/theme-write.dto.js';
import type { ThemeDto } from './dto/theme.dto.js';

/** The theme table as reference data: how the generic writer finds, writes and shows a row. */
export const THEMES: ReferenceKind<Theme, CreateThemeDto, UpdateThemeDto, ThemeDto> = {
  entityType: 'theme',
  describe: (slug) => `theme with slug "${slug}"`,
  find: (tx, slug) => tx.theme.findFirst({ where: { slug, archived: false } }),
  create: (tx, body) => tx.theme.create({ data: body }),
  update: (tx, id, body) => tx.theme.update({ where: { id }, data: body }),
  archive: (tx, id) => tx.theme.update({ where: { id }, data: { archived: true } }),
  shownIn: (themeId) => ({ themeId }),
  toDto: ({ slug, name, description }) => ({ slug, name, description }),
  translate: async (tx, themeId, language, translation) => {
    if (!translation) {
      await tx.themeTranslation.deleteMany({ where: { themeId, language } });
      return;
    }
    const { name, description, translator, official } = translation;
    await tx.themeTranslation.upsert({
      where: { themeId_language: { themeId, language } },
      create: { themeId, language, name, description, translator, official },
      update: { name, description, translator, official },
    });
  },
  translatesDescription: true,
};
