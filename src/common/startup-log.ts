import type { LogFn, Logger } from 'pino';

/** Nest's start-up lines: one per module, per controller and per route (about a hundred). */
const NEST_STARTUP_CONTEXTS = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
]);
/** Fastify's, one per network interface; main.ts says where the app listens, once. */
const FASTIFY_LISTENING = /^Server listening at /;
const INFO = 30;

function isStartupLine([first]: Parameters<LogFn>): boolean {
  if (typeof first === 'string') return FASTIFY_LISTENING.test(first);
  const { context } = (first ?? {}) as { context?: unknown };
  return typeof context === 'string' && NEST_STARTUP_CONTEXTS.has(context);
}

/** Start-up chatter is logged at debug, so a start's info log is the one line main.ts writes. */
export function startupLinesAtDebug(
  this: Logger,
  args: Parameters<LogFn>,
  method: LogFn,
  level: number,
): void {
  if (level === INFO && isStartupLine(args)) return this.debug(...args);
  return method.apply(this, args);
}
