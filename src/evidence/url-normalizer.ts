/** Query parameters that identify a campaign or click, not the document. */
const TRACKING_PARAMS =
  /^(utm_.*|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|yclid|_ga|ref_src)$/i;

export class InvalidEvidenceUrlError extends Error {}

function parseHttpUrl(input: string): URL {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new InvalidEvidenceUrlError('not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidEvidenceUrlError('only http and https URLs are evidence');
  }
  return url;
}

/**
 * One spelling per document, so the same article is one evidence row: lower-case scheme and
 * host, no default port, no fragment, no tracking parameters, remaining parameters sorted, no
 * trailing slash. Throws InvalidEvidenceUrlError for anything that is not an http(s) URL.
 */
export function normalizeEvidenceUrl(input: string): string {
  const url = parseHttpUrl(input);
  url.hash = '';
  for (const name of [...url.searchParams.keys()]) {
    if (TRACKING_PARAMS.test(name)) url.searchParams.delete(name);
  }
  url.searchParams.sort();
  if (url.pathname.length > 1) url.pathname = url.pathname.replace(/\/+$/, '');
  // URL already lower-cases the scheme and host and drops default ports.
  return url.toString().replace(/\/$/, '').replace(/\?$/, '');
}
