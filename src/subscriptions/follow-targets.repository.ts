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
  /** As written: a theme's or event's in English, a commitment's in its own language. */
  title: string;
  language: Language;
}

/** A target from its row; only a commitment is written in another language than English. */
export function toFollowTarget(
  kind: FollowKind,
  row: { id: string; slug: string; title: string; language?: string },
): FollowTarget {
  const { id, slug, title, language = DEFAULT_LANGUAGE } = row;
  return { kind, id, slug, title, language: language as Language };
}

/** Finds what a follow (by mail or by feed) names. */
@Injectable()
export class FollowTargetsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** A public (not archived) commitment by id or slug, theme or event by slug. */
  async target(kind: FollowKind, idOrSlug: string): Promise<FollowTarget | null> {
    if (kind === 'commitment') {
      const where = isUuid(idOrSlug) ? { id: idOrSlug } : { slug: idOrSlug };
      const row = await this.prisma.commitment.findFirst({
        where: { ...where, archived: false },
        select: { id: true, slug: true, title: true, language: true },
      });
      return row && toFollowTarget(kind, row);
    }
    if (kind === 'theme') {
      const row = await this.prisma.theme.findFirst({
        where: { slug: idOrSlug, archived: false },
        select: { id: true, slug: true, name: true },
      });
      return row && toFollowTarget(kind, { ...row, title: row.name });
    }
    const row = await this.prisma.event.findFirst({
      where: { slug: idOrSlug, archived: false },
      select: { id: true, slug: true, title: true },
    });
    return row && toFollowTarget(kind, row);
  }
}
