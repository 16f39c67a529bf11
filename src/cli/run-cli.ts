import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig, type AppConfig } from '../config/app-config.js';
import { connectAndMigrate, connectDatabase } from '../database/database-connection.js';
import { PrismaService } from '../database/prisma.service.js';

/**
 * One option of a command: a value (`--name NAME`), or a switch that takes none
 * (`--password-stdin`), read as "true" when given.
 */
export interface OptionSpec {
  /** The value's placeholder in the usage line, e.g. NAME; none for a switch. */
  value?: string;
  switch?: true;
  description: string;
  required?: boolean;
  choices?: readonly string[];
  /** A rule the value must follow, and how the message names it ("a positive whole number"). */
  rule?: { test: (value: string) => boolean; is: string };
  default?: string;
}

export interface CommandSpec {
  /** The npm script, e.g. keys:create. */
  name: string;
  /** What it does, in a sentence or two (the help's first paragraph). */
  summary: string;
  options?: Record<string, OptionSpec>;
  /** The one positional argument a command may take, always required. */
  argument?: { value: string; description: string; choices?: readonly string[] };
  /** `connected`: the command migrates (or diffs) itself; by default the database is migrated first. */
  database?: 'migrated' | 'connected';
}

type OptionValues<S extends CommandSpec> = {
  [K in keyof S['options']]: S['options'][K] extends { required: true } | { default: string }
    ? string
    : string | undefined;
};

export interface CommandLine<S extends CommandSpec> {
  options: OptionValues<S>;
  argument: S['argument'] extends object ? string : undefined;
}

export interface CommandContext<S extends CommandSpec> extends CommandLine<S> {
  config: AppConfig;
  databaseUrl: string;
}

/** A mistake in how the command was called: one line on standard error and exit code 2. */
export class UsageError extends Error {}

const HELP = new Set(['--help', '-h']);

function usageLine(spec: CommandSpec): string {
  const words = Object.entries(spec.options ?? {}).map(([name, option]) => {
    const word = option.switch
      ? `--${name}`
      : `--${name} ${option.choices?.join('|') ?? option.value}`;
    return option.required ? word : `[${word}]`;
  });
  if (spec.argument) words.unshift(spec.argument.choices?.join('|') ?? spec.argument.value);
  return `npm run ${spec.name}${words.length > 0 ? ` -- ${words.join(' ')}` : ''}`;
}

export function helpText(spec: CommandSpec): string {
  const rows: [string, string][] = [];
  if (spec.argument) rows.push([spec.argument.value, spec.argument.description]);
  for (const [name, option] of Object.entries(spec.options ?? {})) {
    const notes = [option.required && 'required', option.default && `default ${option.default}`];
    const note = notes.filter(Boolean).join(', ');
    const left = option.switch ? `--${name}` : `--${name} ${option.value}`;
    rows.push([left, `${option.description}${note ? ` (${note})` : ''}`]);
  }
  rows.push(['-h, --help', 'this help']);
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  const table = rows.map(([left, right]) => `  ${left.padEnd(width)}${right}`).join('\n');
  return `Usage: ${usageLine(spec)}\n\n${spec.summary}\n\n${table}\n`;
}

function checkChoice(label: string, value: string, choices?: readonly string[]): void {
  if (choices && !choices.includes(value)) {
    throw new UsageError(`${label} must be one of ${choices.join(', ')}, not "${value}"`);
  }
}

/**
 * Reads a command line against its spec; null when help was asked for. Throws UsageError for
 * an unknown option, a missing or empty value, a value not among the choices, or a stray word.
 */
export function parseCommandLine<S extends CommandSpec>(
  spec: S,
  args: string[],
): CommandLine<S> | null {
  const end = args.indexOf('--');
  if ((end < 0 ? args : args.slice(0, end)).some((word) => HELP.has(word))) return null;
  const specs = spec.options ?? {};
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args,
      options: Object.fromEntries(
        Object.entries(specs).map(([name, option]) => [
          name,
          { type: option.switch ? 'boolean' : 'string' },
        ]),
      ),
      allowPositionals: spec.argument !== undefined,
      strict: true,
    });
  } catch (error) {
    // Node's first sentence names the problem ("Unknown option '--x'"); the rest is advice.
    throw new UsageError((error as Error).message.split(/\.\s/)[0]);
  }
  const options: Record<string, string | undefined> = {};
  for (const [name, option] of Object.entries(specs)) {
    if (option.switch) {
      options[name] = parsed.values[name] ? 'true' : undefined;
      continue;
    }
    const value = (parsed.values[name] as string | undefined)?.trim() || option.default;
    if (parsed.values[name] !== undefined && !value) throw new UsageError(`--${name} is empty`);
    if (value === undefined && option.required) throw new UsageError(`--${name} is required`);
    if (value !== undefined) checkChoice(`--${name}`, value, option.choices);
    if (value !== undefined && option.rule && !option.rule.test(value)) {
      throw new UsageError(`--${name} must be ${option.rule.is}, not "${value}"`);
    }
    options[name] = value;
  }
  let argument: string | undefined;
  if (spec.argument) {
    const [first, ...rest] = parsed.positionals;
    if (!first) throw new UsageError(`${spec.argument.value} is required`);
    if (rest.length > 0) throw new UsageError(`Unexpected argument '${rest[0]}'`);
    checkChoice(spec.argument.value, first, spec.argument.choices);
    argument = first;
  }
  return { options, argument } as CommandLine<S>;
}

async function withDatabase(
  spec: CommandSpec,
  task: (context: { config: AppConfig; databaseUrl: string }) => Promise<void>,
): Promise<void> {
  const config = loadConfig();
  const connect = spec.database === 'connected' ? connectDatabase : connectAndMigrate;
  const database = await connect(config);
  try {
    await task({ config, databaseUrl: database.url });
  } finally {
    await database.close();
  }
}

/**
 * Runs an npm script: `--help` prints its help; a wrong command line is one line on standard
 * error and exit code 2; then the task runs on the configured database (DATABASE_URL, or the
 * embedded one, also while the server holds it). Results go to standard output, logs and
 * errors to standard error; a failure is its message (no stack) and exit code 1.
 */
export async function runCli<S extends CommandSpec>(
  spec: S,
  task: (context: CommandContext<S>) => Promise<void>,
  args = process.argv.slice(2),
): Promise<void> {
  try {
    const commandLine = parseCommandLine(spec, args);
    if (!commandLine) {
      process.stdout.write(helpText(spec));
      return;
    }
    await withDatabase(spec, (database) => task({ ...commandLine, ...database }));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const hint = error instanceof UsageError ? ` (npm run ${spec.name} -- --help)` : '';
    process.stderr.write(`${spec.name}: ${message}${hint}\n`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  }
}

/** A Prisma client for one script, closed (with its pool) after the work. */
export async function withPrisma<T>(
  databaseUrl: string,
  work: (prisma: PrismaService) => Promise<T>,
): Promise<T> {
  const prisma = new PrismaService(new pg.Pool({ connectionString: databaseUrl, max: 2 }));
  try {
    return await work(prisma);
  } finally {
    await prisma.onApplicationShutdown();
  }
}
