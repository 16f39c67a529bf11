import { describe, expect, it } from '@jest/globals';
import { LANGUAGES } from '../common/languages.js';
import { CATALOGUES, keysOf, translatorFor } from './i18n.js';

const PLURAL = /_(zero|one|two|few|many|other)$/;

/** A catalogue's messages, plural forms counted as their one message. */
const messagesOf = (tree: object) => new Set(keysOf(tree).map((key) => key.replace(PLURAL, '')));

describe('message catalogues', () => {
  const english = messagesOf(CATALOGUES.en);

  it.each(LANGUAGES.filter((language) => language !== 'en'))(
    '%s has every message English has, and no other',
    (language) => {
      expect([...messagesOf(CATALOGUES[language])].sort()).toEqual([...english].sort());
    },
  );

  it.each(LANGUAGES)('%s has each plural form its language uses', (language) => {
    const keys = keysOf(CATALOGUES[language]);
    const plurals = new Set(
      keys.filter((key) => PLURAL.test(key)).map((key) => key.replace(PLURAL, '')),
    );
    const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
    for (const message of plurals) {
      for (const category of categories) expect(keys).toContain(`${message}_${category}`);
    }
  });

  it.each(LANGUAGES)(
    '%s gives a message asked for without values as i18next gives it',
    (language) => {
      const t = translatorFor(language);
      for (const key of keysOf(CATALOGUES.en)) expect(t(key)).toBe(t(key, {}));
      expect(t('site.allCommitments')).toBe(CATALOGUES[language].site.allCommitments);
      expect(t('no.such.message')).toBe('no.such.message');
    },
  );

  it('interpolates and picks plural forms per language', () => {
    expect(translatorFor('en')('list.count', { count: 1 })).toBe('1 commitment');
    expect(translatorFor('en')('list.count', { count: 3 })).toBe('3 commitments');
    expect(translatorFor('ko')('list.count', { count: 1 })).toBe('약속 1건');
    expect(translatorFor('zh')('list.count', { count: 3 })).toBe('3 项承诺');
  });
});
