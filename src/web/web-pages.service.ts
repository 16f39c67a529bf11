import { Injectable } from '@nestjs/common';
import { CommitmentTimelineService } from '../commitments/commitment-timeline.service.js';
import { CommitmentsService } from '../commitments/commitments.service.js';
import { API_PREFIX } from '../common/api.js';
import { DEFAULT_PAGE_SIZE } from '../common/pagination.js';
import { EventsService } from '../events/events.service.js';
import { EvidenceStance } from '../generated/prisma/enums.js';
import { PartiesService } from '../parties/parties.service.js';
import { ThemesService } from '../themes/themes.service.js';
import { filtersQuery, type HomeFilters } from './home-filters.js';
import { pageMeta } from './page-meta.js';
import { STANCE_HEADINGS } from './presentation.js';

const SITE_DESCRIPTION =
  'Pledges made at diplomatic meetings, their status, timeline and the evidence behind them.';

/** Gathers each page's data through the same services as the JSON API. */
@Injectable()
export class WebPagesService {
  constructor(
    private readonly commitments: CommitmentsService,
    private readonly timeline: CommitmentTimelineService,
    private readonly events: EventsService,
    private readonly themes: ThemesService,
    private readonly parties: PartiesService,
  ) {}

  async home(filters: HomeFilters, cursor: string | undefined) {
    const [list, themes, parties, events] = await Promise.all([
      this.commitments.list({ limit: DEFAULT_PAGE_SIZE, cursor }),
      this.themes.listPublic(),
      this.parties.listPublic(),
      this.events.listPublic(),
    ]);
    const query = filtersQuery(filters);
    const nextCursor = list.page.nextCursor;
    return {
      page: pageMeta({
        title: 'Commitment Tracker',
        description: SITE_DESCRIPTION,
        path: query ? `/?${query}` : '/',
        csvQuery: query,
      }),
      filters,
      options: { themes, parties, events },
      commitments: list.data,
      nextUrl: nextCursor ? `/?${filtersQuery(filters, { cursor: nextCursor })}` : null,
      firstUrl: cursor ? (query ? `/?${query}` : '/') : null,
    };
  }

  async commitment(slug: string) {
    const commitment = await this.commitments.get(slug);
    const [timeline, evidence, event] = await Promise.all([
      this.timeline.timeline(commitment.id),
      this.timeline.evidence(commitment.id),
      this.events.getPublic(commitment.event.slug),
    ]);
    const evidenceGroups = Object.values(EvidenceStance)
      .map((stance) => ({
        stance,
        heading: STANCE_HEADINGS[stance],
        items: evidence.filter((item) => item.stance === stance),
      }))
      .filter((group) => group.items.length > 0);
    return {
      page: pageMeta({
        title: commitment.title,
        description: commitment.summary ?? commitment.title,
        path: `/commitments/${commitment.slug}`,
        jsonUrl: `/${API_PREFIX}/commitments/${commitment.slug}`,
      }),
      commitment,
      event,
      timeline,
      evidenceGroups,
    };
  }

  async event(slug: string) {
    const event = await this.events.getPublic(slug);
    return {
      page: pageMeta({
        title: event.title,
        description: `Pledges made at ${event.title} on ${event.heldOn}.`,
        path: `/events/${event.slug}`,
        jsonUrl: `/${API_PREFIX}/events/${event.slug}`,
      }),
      event,
    };
  }

  async theme(slug: string) {
    const theme = await this.themes.getPublic(slug);
    return {
      page: pageMeta({
        title: theme.name,
        description: theme.description ?? `Pledges on ${theme.name}.`,
        path: `/themes/${theme.slug}`,
        jsonUrl: `/${API_PREFIX}/themes`,
      }),
      theme,
    };
  }
}
