/** Every JSON route lives under this prefix; the website and health checks do not. */
export const API_PREFIX = 'api/v1';

/** The root-relative address of an API route, e.g. `apiPath('reminders', id)`. */
export const apiPath = (...segments: string[]): string =>
  `/${API_PREFIX}/${segments.map(encodeURIComponent).join('/')}`;
