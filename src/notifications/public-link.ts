/** An absolute URL under PUBLIC_BASE_URL (which may or may not end in a slash). */
export function publicUrl(baseUrl: string, path: string): URL {
  return new URL(path, `${baseUrl.replace(/\/$/, '')}/`);
}

/** Where a commitment is read on the website. */
export function commitmentLink(baseUrl: string, slug: string): string {
  return publicUrl(baseUrl, `commitments/${slug}`).href;
}
