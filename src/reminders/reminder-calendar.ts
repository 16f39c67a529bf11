import ical from 'ical-generator';
import { withoutForbiddenCharacters } from '../common/text-fields.js';
import type { ReminderDto } from './dto/reminder.dto.js';

const KIND_LABEL: Record<ReminderDto['kind'], string> = {
  REVIEW_DUE: 'Review due',
  DEADLINE_APPROACHING: 'Deadline approaching',
  DEADLINE_PASSED: 'Deadline passed',
  CUSTOM: 'Reminder',
};

/**
 * Open reminders as an iCalendar (RFC 5545) feed: one 30-minute event at each due time. Control
 * characters RFC 5545 forbids in text are dropped, so a row stored with one cannot break it.
 */
export function reminderCalendar(
  reminders: ReminderDto[],
  linkOf: (slug: string) => string,
): string {
  const calendar = ical({
    name: 'Commitment Tracker reminders',
    prodId: { company: 'commitment-tracker', product: 'reminders', language: 'EN' },
  });
  for (const reminder of reminders) {
    const start = new Date(reminder.dueAt);
    calendar.createEvent({
      id: `${reminder.id}@commitment-tracker`,
      start,
      end: new Date(start.getTime() + 30 * 60_000),
      stamp: new Date(reminder.updatedAt),
      summary: `${KIND_LABEL[reminder.kind]}: ${reminder.commitment.title}`,
      description: reminder.note,
      url: linkOf(reminder.commitment.slug),
    });
  }
  return withoutForbiddenCharacters(calendar.toString());
}
