/**
 * Copy text. The async Clipboard API needs a secure context (https or localhost), which a self-hosted
 * server on a LAN address is not, so fall back to selecting a field and `execCommand('copy')`.
 * Returns false when neither worked; the text is then left selected for Ctrl+C.
 */
export async function copyText(text: string, field: HTMLInputElement): Promise<boolean> {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // Permission denied or no user gesture: try the old way.
    }
  }
  field.focus();
  field.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  }
}
