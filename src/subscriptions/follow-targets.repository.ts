import { Injectable } from '@nestjs/common';
import { isUuid } from '../common/identifiers.js';
import { DEFAULT_LANGUAGE, type Language } from '../common/languages.js';
import { PrismaService } from '../database/prisma.service.js';

export const FOLLOW_KINDS = ['commitment', 'theme', 'event'] as const;
export type FollowKind = (typeof FOLLOW_KINDS)[number];

/** What can be followed: a public commitment, theme or event. */
export interface FollowTarget {
  kind: FollowKind;
  id: string;
  slug: string;
  /** Its title (a theme's name) in the language asked for where translated, else as written. */
  title: string;
  /** The language `title` is in. */
  language: Language;
}

/** A target's row: its title as written (in `language`, else English) and its translations. */
export interface FollowTargetRow {
  id: string;
  slug: string;
  title: string;
  language?: string;
  translations: { language: string; title: string }[];
}

/** The selects of a target's row, for `toFollowTarget`; `language` limits its translations. */
export const targetSelects = (language?: Language) => {
  const where = language && { where: { language } };
  const titles = { ...where, select: { language: true, title: true } } as const;
  return {
    commitment: {
      select: { id: true, slug: true, title: true, language: true, translations: titles },
    },
    theme: {
      select: {
        id: true,
        slug: true,
        name: true,
        translations: { ...where, select: { language: true, name: true } },
      },
    },
    event: { select: { id: true, slug: true, title: true, translations: titles } },
  } as const;
};

/** A theme's row as a target's: its name is its title. */
export const themeRow = (theme: {
  id: string;
  slug: string;
  name: string;
  translations: { language: string; name: string }[];
}): FollowTargetRow => ({
  id: theme.id,
  slug: theme.slug,
  title: theme.name,
  translations: theme.translations.map(({ language, name }) => ({ language, title: name })),
});

/** A target in a language: its translation into it where there is one, else as written. */
export function toFollowTarget(
  kind: FollowKind,
  row: FollowTargetRow,
  language: Language,
): FollowTarget {
  const { id, slug } = row;
  const translated = row.translations.find((translation) => translation.language === language);
  if (translated) return { kind, id, slug, title: translated.title, language };
  return {
    kind,
    id,
    slug,
    title: row.title,
    language: (row.language ?? DEFAULT_LANGUAGE) as Language,
  };
}

/** Finds what a follow (by mail or by feed) names. */
@Injectable()
export class FollowTargetsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** A public (not archived) commitment by id or slug, theme or event by slug, in a language. */
  async target(
    kind: FollowKind,
    idOrSlug: string,
    language: Language,
  ): Promise<FollowTarget | null> {
    const selects = targetSelects(language);
    if (kind === 'commitment') {
      const where = isUuid(idOrSlug) ? { id: idOrSlug } : { slug: idOrSlug };
      const row = await this.prisma.commitment.findFirst({
        where: { ...where, archived: false },
        ...selects.commitment,
      });
      return row && toFollowTarget(kind, row, language);
    }
    if (kind === 'theme') {
      const row = await this.prisma.theme.findFirst({
        where: { slug: idOrSlug, archived: false },
        ...selects.theme,
      });
      return row && toFollowTarget(kind, themeRow(row), language);
    }
    const row = await this.prisma.event.findFirst({
      where: { slug: idOrSlug, archived: false },
      ...selects.event,
    });
    return row && toFollowTarget(kind, row, language);
  }
}
