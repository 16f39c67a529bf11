import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditRepository } from '../audit/audit.repository.js';
import { Clock } from '../clock/clock.js';
import { EventsService } from '../events/events.service.js';
import { CommitmentStatus, EvidenceStance } from '../generated/prisma/enums.js';
import { PartiesService } from '../parties/parties.service.js';
import { RemindersService } from '../reminders/reminders.service.js';
import { ThemesService } from '../themes/themes.service.js';
import { WebPagesService } from '../web/web-pages.service.js';
import type { FormBody, FormErrors } from './form-fields.js';
import { DEFAULT_LANGUAGE, LANGUAGES } from '../common/languages.js';
import { ReviewQueueRepository } from './review-queue.repository.js';

const QUEUE_SECTION_SIZE = 50;
const RECENT_SIZE = 10;
const DEADLINE_HORIZON_DAYS = 30;
const AUDIT_HISTORY_SIZE = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A form as shown again: what was typed, and what is wrong with it. */
export interface ShownForm {
  values: FormBody;
  errors: FormErrors;
}

export interface CommitmentPageForms {
  statusForm?: ShownForm;
  reviewForm?: ShownForm;
  editForm?: ShownForm;
  translateForm?: ShownForm;
  linkForm?: ShownForm;
  /** The stance form of one linked article (its `evidenceId` says which). */
  stanceForm?: ShownForm;
}

export interface CommitmentPageState extends CommitmentPageForms {
  /** Saved after someone else's change: the changes made since the form was opened. */
  conflictSince?: Date;
  /** What was just recorded, after a redirect. */
  done?: string;
}

const EMPTY_FORM: ShownForm = { values: {}, errors: {} };

/** The workspace pages' data, read through the same services as the API and the public site. */
@Injectable()
export class WorkspacePagesService {
  constructor(
    private readonly queue: ReviewQueueRepository,
    private readonly reminders: RemindersService,
    private readonly publicPages: WebPagesService,
    private readonly audit: AuditRepository,
    private readonly clock: Clock,
    private readonly events: EventsService,
    private readonly parties: PartiesService,
    private readonly themes: ThemesService,
  ) {}

  /** Most urgent first: stale, deadlines, reminders due, then what changed lately. */
  async reviewQueue() {
    const now = this.clock.now();
    const horizon = new Date(now.getTime() + DEADLINE_HORIZON_DAYS * DAY_MS);
    const [stale, deadlines, reminders, recent] = await Promise.all([
      this.queue.stale(QUEUE_SECTION_SIZE),
      this.queue.deadlines(horizon, QUEUE_SECTION_SIZE),
      this.reminders.openReminders(QUEUE_SECTION_SIZE),
      this.queue.recentlyChanged(RECENT_SIZE),
    ]);
    return { now, stale, deadlines, reminders, recent };
  }

  /** The new-commitment form: the events, parties and themes it can refer to. */
  async newCommitment(form: ShownForm = EMPTY_FORM) {
    const references = await this.references();
    return { ...references, form, formToken: randomUUID() };
  }

  async commitment(slug: string, state: CommitmentPageState = {}) {
    const shown = await this.publicPages.commitment(slug, DEFAULT_LANGUAGE);
    const { commitment } = shown;
    const [reminders, history, references] = await Promise.all([
      this.reminders.list({
        commitment: commitment.id,
        state: 'OPEN',
        limit: 50,
      }),
      this.audit.page({ entityType: 'commitment', entityId: commitment.id }, AUDIT_HISTORY_SIZE),
      this.references(),
    ]);
    const since = state.conflictSince;
    return {
      ...shown,
      ...references,
      title: commitment.title,
      statuses: Object.values(CommitmentStatus),
      linkedEvidence: shown.evidenceGroups.flatMap((group) => group.items),
      reminders: reminders.data,
      history,
      conflict: since ? history.filter((entry) => entry.at > since) : null,
      formToken: randomUUID(),
      openedAt: this.clock.now().toISOString(),
      today: this.clock.now().toISOString().slice(0, 10),
      statusForm: state.statusForm ?? EMPTY_FORM,
      reviewForm: state.reviewForm ?? EMPTY_FORM,
      editForm: state.editForm ?? EMPTY_FORM,
      translateForm: state.translateForm ?? EMPTY_FORM,
      linkForm: state.linkForm ?? EMPTY_FORM,
      stanceForm: state.stanceForm ?? EMPTY_FORM,
      stances: Object.values(EvidenceStance),
      languages: LANGUAGES,
      done: state.done ?? null,
    };
  }

  /** What a commitment form can refer to: the live events, parties and themes. */
  private async references() {
    const [events, parties, themes] = await Promise.all([
      this.events.listPublic(DEFAULT_LANGUAGE),
      this.parties.listPublic(),
      this.themes.listPublic(DEFAULT_LANGUAGE),
    ]);
    return { events, parties, themes };
  }
}
