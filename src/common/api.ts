/** Every JSON route lives under this prefix; the website and health checks do not. */
export const API_PREFIX = 'api/v1';
