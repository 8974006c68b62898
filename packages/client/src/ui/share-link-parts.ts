/**
 * A share link cut for a narrow box: the host (without the scheme, which says nothing to a friend) may be
 * shortened with an ellipsis, the path (`/r/CODE`) never is, so the room code always shows. Something
 * that is not a URL is all path.
 */
export function shareLinkParts(link: string): { readonly host: string; readonly path: string } {
  try {
    const url = new URL(link);
    return { host: url.host, path: `${url.pathname}${url.search}` };
  } catch {
    return { host: '', path: link };
  }
}
