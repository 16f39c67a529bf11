import { Body, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { SessionStaff } from '../accounts/sessions.service.js';
import { toIsoDate } from '../common/dates.js';
import { ProblemException } from '../common/problem-details.js';
import { CreateEvidenceDto, UpdateEvidenceDto } from '../evidence/dto/evidence.dto.js';
import { EvidenceService } from '../evidence/evidence.service.js';
import { WORKSPACE_PREFIX } from '../web/website.js';
import {
  formErrorsOf,
  textField,
  validateAs,
  type FormBody,
  type FormErrors,
} from './form-fields.js';
import { SignedIn } from './workspace-auth.js';
import { redirectAfterPost, sendStaffPage } from './workspace-page.js';
import { WorkspacePages } from './workspace-pages.decorator.js';

const LIBRARY = `${WORKSPACE_PREFIX}/evidence`;
const LISTED = 50;
const ARTICLE_FIELDS = ['url', 'title', 'publisher', 'author', 'publishedOn'] as const;

/** The article fields of a form: an emptied optional one is cleared. */
function articleValues(body: FormBody): Record<string, string | null> {
  return Object.fromEntries(
    ARTICLE_FIELDS.map((name) => [
      name,
      textField(body, name) || (name === 'url' || name === 'title' ? '' : null),
    ]),
  );
}

/** A known URL is shown beside the URL field, with the article that has it. */
function articleErrors(error: unknown): FormErrors | null {
  if (error instanceof ProblemException && typeof error.extensions.existingId === 'string') {
    return { url: [`${error.message} It is ${LIBRARY}/${error.extensions.existingId}.`] };
  }
  return formErrorsOf(error);
}

/** The evidence library: search, add and edit articles; each article's commitments. */
@WorkspacePages('evidence')
export class EvidenceLibraryController {
  constructor(private readonly evidence: EvidenceService) {}

  @Get()
  async library(
    @SignedIn() staff: SessionStaff,
    @Query('q') query: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.showLibrary(reply, staff, query ?? '', {}, {});
  }

  @Post()
  async add(
    @SignedIn() staff: SessionStaff,
    @Body() body: FormBody,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { value, errors } = await validateAs(CreateEvidenceDto, articleValues(body));
    if (Object.keys(errors).length) return this.showLibrary(reply, staff, '', body, errors, 400);
    try {
      const created = await this.evidence.create(staff, value);
      await redirectAfterPost(reply, `${LIBRARY}/${created.id}`);
    } catch (error) {
      const refused = articleErrors(error);
      if (!refused) throw error;
      await this.showLibrary(reply, staff, '', body, refused, 400);
    }
  }

  @Get(':id')
  async article(
    @SignedIn() staff: SessionStaff,
    @Param('id', ParseUUIDPipe) id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.showArticle(reply, staff, id, null, {});
  }

  @Post(':id')
  async edit(
    @SignedIn() staff: SessionStaff,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: FormBody,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { value, errors } = await validateAs(UpdateEvidenceDto, articleValues(body));
    if (Object.keys(errors).length) return this.showArticle(reply, staff, id, body, errors, 400);
    try {
      await this.evidence.update(staff, id, value);
      await redirectAfterPost(reply, `${LIBRARY}/${id}`);
    } catch (error) {
      const refused = articleErrors(error);
      if (!refused) throw error;
      await this.showArticle(reply, staff, id, body, refused, 400);
    }
  }

  private async showLibrary(
    reply: FastifyReply,
    staff: SessionStaff,
    query: string,
    values: FormBody,
    errors: FormErrors,
    status = 200,
  ): Promise<void> {
    const articles = await this.evidence.search(query, LISTED);
    await sendStaffPage(
      reply,
      'evidence-library',
      { staff, query, articles, values, errors },
      status,
    );
  }

  private async showArticle(
    reply: FastifyReply,
    staff: SessionStaff,
    id: string,
    typed: FormBody | null,
    errors: FormErrors,
    status = 200,
  ): Promise<void> {
    const article = await this.evidence.article(id);
    const stored = { ...article, publishedOn: toIsoDate(article.publishedOn) ?? '' };
    await sendStaffPage(
      reply,
      'evidence-article',
      { title: article.title, staff, article, values: typed ?? stored, errors },
      status,
    );
  }
}
