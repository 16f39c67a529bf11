/**
 * A commitment's entity tag: its version, so it changes exactly when the version does. The same
 * value is sent as `ETag` on reads and expected in `If-Match` on writes.
 */
export function commitmentEtag(version: number): string {
  return `"v${version}"`;
}
