import { Body, Get, Param, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { SessionStaff } from '../accounts/sessions.service.js';
import { ProblemException } from '../common/problem-details.js';
import { EventsService } from '../events/events.service.js';
import { ApiKeyRole } from '../generated/prisma/enums.js';
import { PartiesService } from '../parties/parties.service.js';
import { ReferenceDataWriter } from '../reference-data/reference-data-writer.js';
import { ThemesService } from '../themes/themes.service.js';
import { WORKSPACE_PREFIX } from '../web/website.js';
import {
  formErrorsOf,
  textField,
  validateAs,
  type FormBody,
  type FormErrors,
} from './form-fields.js';
import { REFERENCE_PAGES, type ReferencePage } from './reference-pages.js';
import { SignedIn, WorkspaceRole } from './workspace-auth.js';
import { redirectAfterPost, sendStaffPage } from './workspace-page.js';
import { DEFAULT_LANGUAGE } from '../common/languages.js';
import { WorkspacePages } from './workspace-pages.decorator.js';

function pageOf(name: string): ReferencePage {
  const page = REFERENCE_PAGES[name];
  if (!page) throw new ProblemException(404, 'There is no such page.');
  return page;
}

/** Events, parties and themes: listed, created (editors) and archived (admins). */
@WorkspacePages('reference')
export class ReferenceController {
  constructor(
    private readonly writer: ReferenceDataWriter,
    private readonly themes: ThemesService,
    private readonly parties: PartiesService,
    private readonly events: EventsService,
  ) {}

  @Get(':kind')
  async list(
    @SignedIn() staff: SessionStaff,
    @Param('kind') kind: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.show(reply, staff, kind, {}, {});
  }

  @Post(':kind')
  async create(
    @SignedIn() staff: SessionStaff,
    @Param('kind') kind: string,
    @Body() body: FormBody,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const page = pageOf(kind);
    const values = Object.fromEntries(
      page.fields.map(({ name, required }) => [
        name,
        textField(body, name) || (required ? '' : null),
      ]),
    );
    const { value, errors } = await validateAs(page.dto, values);
    if (Object.keys(errors).length) return this.show(reply, staff, kind, body, errors, 400);
    try {
      await page.create(this.writer, staff, textField(body, page.key), value);
    } catch (error) {
      const refused = formErrorsOf(error);
      if (!refused) throw error;
      return this.show(reply, staff, kind, body, refused, 400);
    }
    await redirectAfterPost(reply, `${WORKSPACE_PREFIX}/reference/${kind}`);
  }

  @Post(':kind/:key/archive')
  @WorkspaceRole(ApiKeyRole.admin)
  async archive(
    @SignedIn() staff: SessionStaff,
    @Param('kind') kind: string,
    @Param('key') key: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await pageOf(kind).archive(this.writer, staff, key);
    await redirectAfterPost(reply, `${WORKSPACE_PREFIX}/reference/${kind}`);
  }

  private async show(
    reply: FastifyReply,
    staff: SessionStaff,
    kind: string,
    values: FormBody,
    errors: FormErrors,
    status = 200,
  ): Promise<void> {
    const page = pageOf(kind);
    const listed = { themes: this.themes, parties: this.parties, events: this.events }[kind]!;
    const rows = (await listed.listPublic(DEFAULT_LANGUAGE)) as {
      slug?: string;
      code?: string;
      name?: string;
      title?: string;
    }[];
    await sendStaffPage(
      reply,
      'reference',
      { ...page, kindPath: kind, staff, rows, values, errors },
      status,
    );
  }
}
