import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serverPackageRoot } from '../package-root.js';

/**
 * The admin page's headers. The page is static (no token or data in it: it asks for the token and fetches
 * the rest), its script and style are files of its own, so the policy allows nothing inline and nothing
 * from elsewhere: an injected `<script>` or a room named `<img onerror=...>` could not run even if the
 * page's escaping failed. `form-action 'none'` stops the login form from ever being submitted by the
 * browser (which would put the token in a URL) if the script did not load.
 */
export const ADMIN_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "connect-src 'self'",
    "img-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; '),
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

/** One file of the page: its body and content type. */
export interface PageFile {
  body: string;
  type: string;
}

/**
 * The page's files, read once at start. They live in `src/admin/page/` and are read from there by the
 * built server too (`dist/` holds compiled TypeScript only), found from the package root as the client
 * build is.
 */
export function loadAdminPage(): Record<'html' | 'js' | 'css', PageFile> {
  const dir = join(serverPackageRoot(), 'src/admin/page');
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');
  return {
    html: { body: read('admin.html'), type: 'text/html; charset=utf-8' },
    js: { body: read('admin.js'), type: 'text/javascript; charset=utf-8' },
    css: { body: read('admin.css'), type: 'text/css; charset=utf-8' },
  };
}
