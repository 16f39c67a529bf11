import { describe, expect, it } from '@jest/globals';
import { helpText, parseCommandLine, UsageError, type CommandSpec } from './run-cli.js';

const keys = {
  name: 'keys:create',
  summary: 'Creates a key.',
  options: {
    name: { value: 'NAME', description: 'who it is for', required: true },
    role: { value: 'ROLE', description: 'what it may do', required: true, choices: ['a', 'b'] },
    count: {
      value: 'N',
      description: 'how many',
      default: '1',
      rule: { test: (value: string) => /^\d+$/.test(value), is: 'a whole number' },
    },
  },
} as const satisfies CommandSpec;

const job = {
  name: 'job',
  summary: 'Runs a job.',
  argument: { value: 'JOB', description: 'the job', choices: ['x', 'y'] },
} as const satisfies CommandSpec;

const bench = {
  name: 'bench',
  summary: 'Measures.',
  options: { 'skip-x': { description: 'leaves x out' } },
} as const satisfies CommandSpec;

const usageError = (spec: CommandSpec, args: string[]) => {
  try {
    parseCommandLine(spec, args);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error('no UsageError');
};

describe('parseCommandLine', () => {
  it('reads options, trims values and fills in defaults', () => {
    expect(parseCommandLine(keys, ['--name', ' Ada ', '--role=b'])).toEqual({
      options: { name: 'Ada', role: 'b', count: '1' },
      argument: undefined,
    });
    expect(parseCommandLine(job, ['y'])).toEqual({ options: {}, argument: 'y' });
  });

  it('answers --help and -h with null, even beside other mistakes, but not after --', () => {
    expect(parseCommandLine(keys, ['--bogus', '--help'])).toBeNull();
    expect(parseCommandLine(job, ['-h'])).toBeNull();
    expect(usageError(job, ['--', '--help'])).toBe('JOB must be one of x, y, not "--help"');
  });

  it('refuses what the command does not take, in one short sentence', () => {
    expect(usageError(keys, ['--bogus'])).toBe("Unknown option '--bogus'");
    expect(usageError(keys, ['--name', 'Ada', '--role', 'a', 'extra'])).toBe(
      "Unexpected argument 'extra'",
    );
    expect(usageError(job, ['x', 'y'])).toBe("Unexpected argument 'y'");
    expect(usageError(keys, ['--name'])).toMatch(/^Option '--name <value>' argument missing$/);
    expect(usageError(keys, ['--name', '-A'])).toBe("Option '--name' argument is ambiguous");
  });

  it('requires what the command needs, among its choices and by its rule', () => {
    expect(usageError(keys, ['--name', 'Ada'])).toBe('--role is required');
    expect(usageError(keys, ['--name', ' ', '--role', 'a'])).toBe('--name is empty');
    expect(usageError(keys, ['--name', 'Ada', '--role', 'c'])).toBe(
      '--role must be one of a, b, not "c"',
    );
    expect(usageError(keys, ['--name', 'Ada', '--role', 'a', '--count', 'many'])).toBe(
      '--count must be a whole number, not "many"',
    );
    expect(usageError(job, [])).toBe('JOB is required');
  });

  it('reads a switch as "true" when given, and refuses a value for it', () => {
    expect(parseCommandLine(bench, ['--skip-x'])?.options).toEqual({ 'skip-x': 'true' });
    expect(parseCommandLine(bench, [])?.options).toEqual({ 'skip-x': undefined });
    expect(usageError(bench, ['--skip-x=yes'])).toBe("Option '--skip-x' does not take an argument");
  });
});

describe('helpText', () => {
  it('shows the usage line, the summary and every option with its notes', () => {
    expect(helpText(keys)).toBe(
      [
        'Usage: npm run keys:create -- --name NAME --role a|b [--count N]',
        '',
        'Creates a key.',
        '',
        '  --name NAME  who it is for (required)',
        '  --role ROLE  what it may do (required)',
        '  --count N    how many (default 1)',
        '  -h, --help   this help',
        '',
      ].join('\n'),
    );
    expect(helpText(job)).toMatch(/^Usage: npm run job -- x\|y\n/);
    expect(helpText(bench)).toMatch(
      /^Usage: npm run bench -- \[--skip-x\]\n[^]*\n {2}--skip-x {4}leaves x out\n/,
    );
  });
});
