import { Injectable } from '@nestjs/common';
import { AssessmentsService } from '../assessments/assessments.service.js';
import type { AssessmentDto } from '../assessments/dto/assessment.dto.js';
import { COMPLIANCE_METHOD, METHODOLOGY_VERSIONS, SCORES } from '../assessments/methodology.js';
import { CommitmentsService } from '../commitments/commitments.service.js';
import { lineageOf } from './lineage-view.js';
import type { CommitmentDto } from '../commitments/dto/commitment.dto.js';
import type {
  LinkedEvidenceDto,
  ReviewDto,
  StatusUpdateDto,
} from '../commitments/dto/commitment-timeline.dto.js';
import { API_PREFIX } from '../common/api.js';
import type { Language } from '../common/languages.js';
import { MAX_PAGE_SIZE } from '../common/pagination.js';
import { EventsService } from '../events/events.service.js';
import { EvidenceStance } from '../generated/prisma/enums.js';
import { PartiesService } from '../parties/parties.service.js';
import { StatsService } from '../stats/stats.service.js';
import { ThemesService } from '../themes/themes.service.js';
import { filtersQuery, toListQuery, type HomeQuery } from './home-filters.js';
import { translatorFor } from '../i18n/i18n.js';
import { localized } from '../common/locale.js';
import { pageMeta } from './page-meta.js';
import { STANCE_HEADINGS } from './presentation.js';

/** Commitments shown on an event or theme page; the rest are one link away, on the home page. */
const LISTED_ON_SUMMARY_PAGES = 30;

export type TimelineEntry =
  ({ kind: 'update'; at: string } & StatusUpdateDto) | ({ kind: 'review'; at: string } & ReviewDto);

/** Status updates and reviews in one list, newest recorded first. */
export function mergeTimeline(updates: StatusUpdateDto[], reviews: ReviewDto[]): TimelineEntry[] {
  return [
    ...updates.map((update) => ({ kind: 'update' as const, at: update.recordedAt, ...update })),
    ...reviews.map((review) => ({ kind: 'review' as const, at: review.reviewedAt, ...review })),
  ].sort((a, b) => b.at.localeCompare(a.at));
}

function groupByStance(evidence: LinkedEvidenceDto[]) {
  return Object.values(EvidenceStance)
    .map((stance) => ({
      stance,
      heading: STANCE_HEADINGS[stance],
      items: evidence.filter((item) => item.stance === stance),
    }))
    .filter((group) => group.items.length > 0);
}

/**
 * The language of a text shown in place of an original: the original's when it is the
 * original's text (no translation has it), else the language the translation is in.
 */
function languageOfText(
  text: string,
  original: { text: string | null; language: Language },
  translation: Language,
): Language {
  return text === original.text ? original.language : translation;
}

/** `filteredHome`: the home page filtered to the same commitments, in the page's locale. */
function summaryList(commitments: CommitmentDto[], filteredHome: string) {
  return {
    commitments: commitments.slice(0, LISTED_ON_SUMMARY_PAGES),
    moreUrl: commitments.length > LISTED_ON_SUMMARY_PAGES ? filteredHome : null,
  };
}

/** Each party of a commitment with its current (newest) assessment, if any. */
export function currentAssessments(
  parties: CommitmentDto['parties'],
  history: AssessmentDto[],
): { code: string; name: string; current: AssessmentDto | null }[] {
  return parties.map(({ code, name }) => ({
    code,
    name,
    current: history.find((assessment) => assessment.party.code === code) ?? null,
  }));
}

/** Gathers each page's data through the same services as the JSON API. */
@Injectable()
export class WebPagesService {
  constructor(
    private readonly commitments: CommitmentsService,
    private readonly stats: StatsService,
    private readonly events: EventsService,
    private readonly themes: ThemesService,
    private readonly parties: PartiesService,
    private readonly assessments: AssessmentsService,
  ) {}

  async home(home: HomeQuery, language: Language) {
    const [list, stats, themes, parties, events] = await Promise.all([
      toListQuery(home).then((query) => this.commitments.list(query, language)),
      this.stats.get({}),
      this.themes.listPublic(language),
      this.parties.listPublic(),
      this.events.listPublic(language),
    ]);
    const query = filtersQuery(home.filters);
    const firstPage = query ? `/?${query}` : '/';
    const nextCursor = list.page.nextCursor;
    const t = translatorFor(language);
    return {
      page: pageMeta({
        language,
        title: t('site.name'),
        description: t('site.description'),
        path: home.cursor ? `/?${filtersQuery(home.filters, { cursor: home.cursor })}` : firstPage,
        jsonUrl: `/${API_PREFIX}/commitments${query ? `?${query}` : ''}`,
        csvQuery: query,
      }),
      filters: home.filters,
      options: { themes, parties, events },
      stats,
      commitments: list.data,
      nextUrl: nextCursor
        ? localized(language, `/?${filtersQuery(home.filters, { cursor: nextCursor })}`)
        : null,
      firstUrl: home.cursor ? localized(language, firstPage) : null,
    };
  }

  async commitment(slug: string, language: Language) {
    const commitment = await this.commitments.get(slug, language);
    const [updates, reviews, evidence, event, assessments] = await Promise.all([
      this.commitments.listUpdates(commitment.id, { limit: MAX_PAGE_SIZE }),
      this.commitments.listReviews(commitment.id, { limit: MAX_PAGE_SIZE }),
      this.commitments.listEvidence(commitment.id),
      this.events.getPublic(commitment.event.slug, language),
      this.assessments.history(commitment.id, { limit: MAX_PAGE_SIZE }),
    ]);
    return {
      page: pageMeta({
        language,
        title: commitment.title,
        titleLanguage: commitment.language,
        description: commitment.summary ?? commitment.title,
        descriptionLanguage:
          commitment.summary === null
            ? commitment.language
            : languageOfText(
                commitment.summary,
                { text: commitment.original.summary, language: commitment.original.language },
                commitment.language,
              ),
        path: `/commitments/${commitment.slug}`,
        jsonUrl: `/${API_PREFIX}/commitments/${commitment.slug}`,
        feedUrl: `/${API_PREFIX}/commitments/${commitment.slug}/feed.atom`,
      }),
      follow: { kind: 'commitment', slug: commitment.slug },
      commitment,
      event,
      lineage: lineageOf(commitment),
      timeline: mergeTimeline(updates.data, reviews.data),
      moreUpdatesUrl: updates.page.nextCursor
        ? `/${API_PREFIX}/commitments/${commitment.slug}/updates`
        : null,
      evidenceGroups: groupByStance(evidence),
      assessed: currentAssessments(commitment.parties, assessments.data),
      assessments: assessments.data,
      moreAssessmentsUrl: assessments.page.nextCursor
        ? `/${API_PREFIX}/commitments/${commitment.slug}/assessments`
        : null,
    };
  }

  async event(slug: string, language: Language) {
    const event = await this.events.getPublic(slug, language);
    const matrix = await this.assessments.matrix({ event: event.slug });
    const t = translatorFor(language);
    return {
      page: pageMeta({
        language,
        title: event.title,
        titleLanguage: event.language,
        description: t('event.description', { event: event.title, date: event.heldOn }),
        path: `/events/${event.slug}`,
        jsonUrl: `/${API_PREFIX}/events/${event.slug}`,
        feedUrl: `/${API_PREFIX}/events/${event.slug}/feed.atom`,
      }),
      follow: { kind: 'event', slug: event.slug },
      event,
      matrix,
      matrixJsonUrl: `/${API_PREFIX}/compliance?event=${event.slug}`,
      byStatus: event.byStatus,
      ...summaryList(
        event.commitments,
        localized(language, `/?${filtersQuery({ event: event.slug })}`),
      ),
    };
  }

  methodology(language: Language) {
    const t = translatorFor(language);
    return {
      page: pageMeta({
        language,
        title: t('methodology.title'),
        description: t('methodology.description'),
        path: '/methodology',
        jsonUrl: `/${API_PREFIX}/compliance`,
      }),
      scale: SCORES.toReversed().map((score) => ({ score, label: t(`score.${score}`) })),
      method: COMPLIANCE_METHOD,
      versions: METHODOLOGY_VERSIONS,
    };
  }

  async theme(slug: string, language: Language) {
    const theme = await this.themes.getPublic(slug, language);
    const [list, stats] = await Promise.all([
      this.commitments.list({ theme: theme.slug, limit: LISTED_ON_SUMMARY_PAGES + 1 }, language),
      this.stats.get({ theme: theme.slug }),
    ]);
    const t = translatorFor(language);
    return {
      page: pageMeta({
        language,
        title: theme.name,
        titleLanguage: theme.language,
        ...(theme.description === null
          ? { description: t('theme.description', { theme: theme.name }) }
          : {
              description: theme.description,
              descriptionLanguage: languageOfText(
                theme.description,
                { text: theme.original.description, language: theme.original.language },
                theme.language,
              ),
            }),
        path: `/themes/${theme.slug}`,
        jsonUrl: `/${API_PREFIX}/commitments?theme=${theme.slug}`,
        feedUrl: `/${API_PREFIX}/themes/${theme.slug}/feed.atom`,
      }),
      follow: { kind: 'theme', slug: theme.slug },
      theme,
      byStatus: stats.byStatus,
      ...summaryList(list.data, localized(language, `/?${filtersQuery({ theme: theme.slug })}`)),
    };
  }
}
