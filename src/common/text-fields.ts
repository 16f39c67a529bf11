import { applyDecorators } from '@nestjs/common';
import {
  buildMessage,
  IsOptional,
  IsString,
  MaxLength,
  ValidateBy,
  type ValidationOptions,
} from 'class-validator';

/**
 * Characters no feed can carry: the control characters XML 1.0 forbids (all but tab, line feed
 * and carriage return) and DEL, which iCalendar forbids too; U+FFFE and U+FFFF; and unpaired
 * surrogates (which would be stored as U+FFFD). One of them in a title or a note would
 * make the Atom feed unreadable for every subscriber.
 */
const FORBIDDEN_CLASS = String.raw`\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF\p{Cs}`;
const FORBIDDEN_CHARACTERS = new RegExp(`[${FORBIDDEN_CLASS}]`, 'gu');
const FREE_OF_FORBIDDEN_CHARACTERS = new RegExp(`^[^${FORBIDDEN_CLASS}]*$`, 'u');

/** Text with the characters no feed can carry removed: for rows stored before the rule. */
export const withoutForbiddenCharacters = (text: string): string =>
  text.replace(FORBIDDEN_CHARACTERS, '');

/** A rule of its own name, so that two pattern rules on one field keep their own messages. */
const textRule = (
  name: string,
  pattern: RegExp,
  message: string,
  options?: ValidationOptions,
): PropertyDecorator =>
  ValidateBy(
    {
      name,
      validator: {
        // Not a string: IsString says so.
        validate: (value) => typeof value !== 'string' || pattern.test(value),
        defaultMessage: buildMessage((each) => `${each}$property ${message}`, options),
      },
    },
    options,
  );

const textRules = (max: number, options?: ValidationOptions): PropertyDecorator[] => [
  IsString(options),
  textRule(
    'noForbiddenCharacters',
    FREE_OF_FORBIDDEN_CHARACTERS,
    'must not contain control characters (other than tab and line breaks), U+FFFE, U+FFFF or unpaired surrogates',
    options,
  ),
  MaxLength(max, options),
];

/**
 * A required string of at most `max` characters with a non-space character in it. `{ each: true }`
 * applies it to every item of an array.
 */
export const RequiredText = (max: number, options?: ValidationOptions): PropertyDecorator =>
  applyDecorators(
    ...textRules(max, options),
    textRule('notBlank', /\S/, 'must contain a non-space character', options),
  );

/** An optional (or null) string of at most `max` characters. */
export const OptionalText = (max: number): PropertyDecorator =>
  applyDecorators(IsOptional(), ...textRules(max));
