import { describe, expect, it } from '@jest/globals';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { OptionalText, RequiredText, withoutForbiddenCharacters } from './text-fields.js';

class Texts {
  @RequiredText(20)
  name!: string;

  @OptionalText(20)
  note?: string | null;

  @RequiredText(20, { each: true })
  items: string[] = [];
}

const failures = (values: object) =>
  Object.fromEntries(
    validateSync(plainToInstance(Texts, { name: 'Name', ...values })).map((error) => [
      error.property,
      Object.keys(error.constraints ?? {}),
    ]),
  );

describe('RequiredText and OptionalText', () => {
  it('accept text with tabs, line breaks and any printable character', () => {
    expect(failures({ name: 'Seoul\t서울', note: 'one\r\ntwo\n😀 北京', items: ['A'] })).toEqual(
      {},
    );
    expect(failures({ note: null })).toEqual({});
  });

  it.each([
    '\u0000',
    '\u0007',
    '\u000B',
    '\u000C',
    '\u001B',
    '\u007F',
    '\uFFFE',
    '\uFFFF',
    '\uD800',
  ])('refuse %j anywhere in the text', (character) => {
    expect(failures({ name: `a${character}b`, note: character, items: [`x${character}`] })).toEqual(
      {
        name: ['noForbiddenCharacters'],
        note: ['noForbiddenCharacters'],
        items: ['noForbiddenCharacters'],
      },
    );
  });

  it('refuse a required text without a non-space character, and name both broken rules', () => {
    expect(failures({ name: ' \t\n', items: [''] })).toEqual({
      name: ['notBlank'],
      items: ['notBlank'],
    });
    expect(failures({ name: ' \u000C ' })).toEqual({ name: ['noForbiddenCharacters', 'notBlank'] });
    expect(failures({ note: '   ' })).toEqual({});
  });

  it('leave non-strings to IsString', () => {
    const rules = failures({ name: 42 }).name;
    expect(rules).toContain('isString');
    expect(rules).not.toContain('noForbiddenCharacters');
    expect(rules).not.toContain('notBlank');
  });
});

describe('withoutForbiddenCharacters', () => {
  it('drops exactly the refused characters', () => {
    expect(withoutForbiddenCharacters('a\u000Bb\uFFFFc\u007F\td\ne\rf 😀\uD800')).toBe(
      'abc\td\ne\rf 😀',
    );
  });
});
