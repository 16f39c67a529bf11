import { Injectable, type PipeTransform } from '@nestjs/common';
import { ProblemException } from './problem-details.js';

/**
 * The languages of the interface and of content translations: English (the default, unprefixed
 * on the website), Korean and Chinese (Simplified). The migrations' CHECK constraints repeat them.
 */
export const LANGUAGES = ['en', 'ko', 'zh'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'en';

export function isLanguage(value: unknown): value is Language {
  return (LANGUAGES as readonly unknown[]).includes(value);
}

/** Who made the seeded translations: the tracker itself, not an official text of a party. */
export const TRACKER_TRANSLATOR = 'Commitment Tracker';

/** A `{language}` path parameter: one of LANGUAGES, else 404 (no such resource). */
@Injectable()
export class LanguagePipe implements PipeTransform<string, Language> {
  transform(value: string): Language {
    if (!isLanguage(value)) {
      throw new ProblemException(404, `No language "${value}": one of ${LANGUAGES.join(', ')}.`);
    }
    return value;
  }
}
