import {
  Body,
  Controller,
  Get,
  Header,
  Param,
  Patch,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentStaff, StaffOnly } from '../auth/staff.decorators.js';
import type { StaffMember } from '../auth/staff-member.js';
import { API_PREFIX, apiPath } from '../common/api.js';
import { Created } from '../common/created.js';
import { IdOrSlugPipe, IdPipe } from '../common/identifiers.js';
import { ApiIdempotencyKey, NotReplayed } from '../idempotency/idempotency.interceptor.js';
import { AppConfig } from '../config/app-config.js';
import { commitmentLink } from '../common/public-links.js';
import { CalendarGuard } from './calendar.guard.js';
import {
  CalendarTokenDto,
  CreateReminderDto,
  ReminderDto,
  ReminderPageDto,
  ReminderQueryDto,
  UpdateReminderDto,
} from './dto/reminder.dto.js';
import { reminderCalendar } from './reminder-calendar.js';
import { RemindersService, toReminderDto } from './reminders.service.js';

/** How many open reminders the calendar feed carries (the soonest due). */
const CALENDAR_LIMIT = 1000;

@ApiTags('reminders')
@Controller(API_PREFIX)
export class RemindersController {
  constructor(
    private readonly reminders: RemindersService,
    private readonly config: AppConfig,
  ) {}

  @Get('reminders')
  @StaffOnly('editor')
  @ApiOkResponse({ type: ReminderPageDto, description: 'Soonest due first.' })
  list(@Query() query: ReminderQueryDto): Promise<ReminderPageDto> {
    return this.reminders.list(query);
  }

  @Get('reminders.ics')
  @UseGuards(CalendarGuard)
  @ApiBearerAuth('apiKey')
  @ApiQuery({ name: 'token', required: false, description: 'Calendar token instead of a key.' })
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'Open reminders as iCalendar events.', schema: { type: 'string' } })
  @ApiUnauthorizedResponse({ description: 'No key or token, or an unknown or revoked one.' })
  @Header('content-type', 'text/calendar; charset=utf-8')
  @Header('cache-control', 'private, no-cache')
  async calendar(): Promise<string> {
    const rows = await this.reminders.openReminders(CALENDAR_LIMIT);
    return reminderCalendar(rows.map(toReminderDto), (slug) =>
      commitmentLink(this.config.PUBLIC_BASE_URL, slug),
    );
  }

  @Post('reminders/calendar-token')
  @StaffOnly('editor')
  @ApiIdempotencyKey()
  @NotReplayed('token', 'url')
  @ApiCreatedResponse({ type: CalendarTokenDto })
  issueCalendarToken(@CurrentStaff() staff: StaffMember): Promise<CalendarTokenDto> {
    return this.reminders.issueCalendarToken(staff);
  }

  @Patch('reminders/:id')
  @StaffOnly('editor')
  @ApiOkResponse({ type: ReminderDto })
  @ApiNotFoundResponse({ description: 'No reminder with that id.' })
  @ApiOperation({
    summary: 'Close, snooze or annotate a reminder',
    description:
      'A REVIEW_DUE reminder is not closed here: it closes when its commitment is reviewed ' +
      '(POST /api/v1/commitments/{idOrSlug}/reviews with a note, or a status update). Closing ' +
      'one here is refused with 409, whose `review` member is that review route; snoozing it ' +
      'and editing its note are allowed.',
  })
  @ApiConflictResponse({
    description:
      'The reminder is closed (it cannot be closed or snoozed), or it is a REVIEW_DUE reminder ' +
      'asked to close: `review` names the route that records the review which closes it.',
  })
  update(
    @Param('id', IdPipe) id: string,
    @Body() change: UpdateReminderDto,
    @CurrentStaff() staff: StaffMember,
  ): Promise<ReminderDto> {
    return this.reminders.update(id, change, staff);
  }

  @Post('commitments/:idOrSlug/reminders')
  @StaffOnly('editor')
  @ApiIdempotencyKey()
  @Created({
    type: ReminderDto,
    location: ({ id }) => apiPath('reminders', id),
    locationDescription: 'The new reminder (PATCH it to close or snooze).',
  })
  @ApiNotFoundResponse({ description: 'No commitment with that id or slug.' })
  @ApiConflictResponse({
    description: 'The commitment is terminal, or already has an open custom reminder.',
  })
  create(
    @Param('idOrSlug', IdOrSlugPipe) idOrSlug: string,
    @Body() input: CreateReminderDto,
    @CurrentStaff() staff: StaffMember,
  ): Promise<ReminderDto> {
    return this.reminders.createCustom(idOrSlug, input, staff);
  }
}
