/**
 * The draft's content kept in this tab (sessionStorage: content, never tokens) until the server
 * has it, so that a lost connection or a reload loses nothing. Per tab on purpose: two tabs keep
 * two copies, and the server's versions tell which one is behind.
 */
export interface LocalCopy<V> {
  /** The server version these values were edited from. */
  baseVersion: number;
  values: V;
  /** True while the server does not have these values yet. */
  unsaved: boolean;
}

const key = (id: string) => `portal.draft.${id}`;

export function readLocal<V>(id: string): LocalCopy<V> | null {
  try {
    const raw = window.sessionStorage.getItem(key(id));
    return raw ? (JSON.parse(raw) as LocalCopy<V>) : null;
  } catch {
    return null;
  }
}

export function writeLocal<V>(id: string, copy: LocalCopy<V>): void {
  try {
    window.sessionStorage.setItem(key(id), JSON.stringify(copy));
  } catch {
    // Storage full or disabled: autosave still works while online.
  }
}

export function dropLocal(id: string): void {
  window.sessionStorage.removeItem(key(id));
}
