import { acceptOneClickBodies } from './one-click-body.js';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyView from '@fastify/view';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Eta } from 'eta';
import helmet from 'helmet';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { siteUrl } from '../common/public-links.js';
import type { AppConfig } from '../config/app-config.js';
import { PROJECT_ROOT } from '../project-root.js';
import { fontFolders, FONTS_PREFIX } from './fonts.js';

/** Templates and static files stay beside the code; `tsc` does not copy them to dist/. */
export const VIEWS_DIR = path.join(PROJECT_ROOT, 'src', 'web', 'views');
const PUBLIC_DIR = path.join(PROJECT_ROOT, 'src', 'web', 'public');
export const ASSETS_PREFIX = '/assets/';
const SWAGGER_UI_PREFIX = '/api/docs';
/** The staff workspace: its cookies are sent only there, and nothing under it is cached or indexed. */
export const WORKSPACE_PREFIX = '/staff';

const ONE_YEAR = 365 * 24 * 60 * 60 * 1000;

/**
 * Content hash of a static file, appended to its URL: the file can then be cached for a year,
 * and a changed file gets a new URL.
 */
export function assetUrl(file: string): string {
  const hash = createHash('sha256')
    .update(readFileSync(path.join(PUBLIC_DIR, file)))
    .digest('hex')
    .slice(0, 12);
  return `${ASSETS_PREFIX}${file}?v=${hash}`;
}

const STRICT_CSP = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  objectSrc: ["'none'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'"],
  upgradeInsecureRequests: null,
};

/** Swagger UI's page carries inline styles; only its own routes get them. */
const SWAGGER_UI_CSP = { ...STRICT_CSP, styleSrc: ["'self'", "'unsafe-inline'"] };

const securityHeaders = (directives: typeof STRICT_CSP) =>
  helmet({
    contentSecurityPolicy: { useDefaults: false, directives },
    // The public data (JSON, CSV, feed) is meant to be embedded and reused by other sites.
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  });

/**
 * Security headers (helmet, with a same-origin-only CSP), the Eta view engine and the static
 * files of the public website. helmet's middleware is built once per policy and applied to the
 * raw response, as @fastify/helmet does — which rebuilds it on every request, a twentieth of a
 * list request's CPU time.
 */
export async function setUpWebsite(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const strict = securityHeaders(STRICT_CSP);
  const swaggerUi = securityHeaders(SWAGGER_UI_CSP);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      const apply = request.url.startsWith(SWAGGER_UI_PREFIX) ? swaggerUi : strict;
      apply(request.raw, reply.raw, (error) => done(error as Error | undefined));
    });
  await app.register(fastifyView, {
    engine: { eta: new Eta() },
    templates: VIEWS_DIR,
    production: process.env.NODE_ENV === 'production',
    defaultContext: {
      baseUrl: siteUrl(config.PUBLIC_BASE_URL),
      stylesheet: assetUrl('site.css'),
      fontsStylesheet: assetUrl('fonts.css'),
    },
  });
  await setUpWorkspaceForms(app);
  acceptOneClickBodies(app.getHttpAdapter().getInstance());
  // Not rate-limited: a file from disk, cached by browsers for a year, costs less to serve than
  // counting the request would.
  app.useStaticAssets({
    root: PUBLIC_DIR,
    prefix: ASSETS_PREFIX,
    maxAge: ONE_YEAR,
    immutable: true,
    decorateReply: false,
  });
  // The font files, from their packages; fonts.css names each with its content hash.
  app.useStaticAssets({
    root: fontFolders(),
    prefix: FONTS_PREFIX,
    maxAge: ONE_YEAR,
    immutable: true,
    decorateReply: false,
  });
}

/**
 * What the workspace's HTML forms need (Nest's adapter parses form bodies): cookies, and CSRF tokens (a secret in
 * an HttpOnly cookie, a token derived from it in each form; WorkspaceCsrfGuard checks them).
 * Every response under /staff is private and kept out of caches and search engines.
 */
async function setUpWorkspaceForms(app: NestFastifyApplication): Promise<void> {
  await app.register(fastifyCookie);
  await app.register(fastifyCsrf, {
    cookieKey: 'ct_csrf',
    cookieOpts: { path: WORKSPACE_PREFIX, sameSite: 'lax', httpOnly: true, secure: 'auto' },
  });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', (request, reply, payload, done) => {
      if (request.url === WORKSPACE_PREFIX || request.url.startsWith(`${WORKSPACE_PREFIX}/`)) {
        void reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex, nofollow');
        void reply.removeHeader('etag');
      }
      done(null, payload);
    });
}
