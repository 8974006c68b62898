/**
 * Strip control and bidi-override characters and collapse whitespace. Names and chat are rendered as
 * text, never HTML, by the client; this keeps them from breaking layouts or logs.
 */
export function sanitizeText(s: string): string {
  return (
    s
      // eslint-disable-next-line no-control-regex -- stripping control characters is the point
      .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '')
      .replace(/\s+/g, ' ')
      .trim()
  );
}
