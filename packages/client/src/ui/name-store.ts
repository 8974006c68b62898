const KEY = 'tick-arena:name';

/** The last name used, or '' (storage can be unavailable, e.g. some private-browsing modes). */
export function loadName(): string {
  try {
    return localStorage.getItem(KEY) ?? '';
  } catch {
    return '';
  }
}

export function saveName(name: string): void {
  try {
    localStorage.setItem(KEY, name);
  } catch {
    // Not remembering the name is harmless.
  }
}
