import type { AuthUser, Session } from '../api/types';

/**
 * The login, in memory only: the access token never touches localStorage or sessionStorage.
 * The refresh token lives in an HttpOnly cookie the gateway sets on `/api/auth` (the page cannot
 * read it); while a gateway still returns it in the body too, it is kept here in memory and sent
 * back, so the same code works before and after that change.
 */
type Listener = () => void;

interface State {
  user: AuthUser | null;
  accessToken: string | null;
  expiresAt: number;
  refreshToken: string | null;
  /** True once the first silent refresh (on page load) has answered. */
  ready: boolean;
}

let state: State = { user: null, accessToken: null, expiresAt: 0, refreshToken: null, ready: false };
const listeners = new Set<Listener>();
let timer: number | undefined;
let inflight: Promise<boolean> | null = null;

const emit = () => listeners.forEach((l) => l());
const set = (next: Partial<State>) => {
  state = { ...state, ...next };
  emit();
};

export const sessionStore = {
  subscribe(l: Listener) {
    listeners.add(l);
    return () => listeners.delete(l);
  },
  get: () => state,
};

/** A request the gateway accepts as coming from this page (CSRF defence for cookie-only calls). */
export const AUTH_HEADERS = { 'content-type': 'application/json', 'x-requested-with': 'grants-portal', 'x-session-transport': 'cookie' };

function adopt(s: Session) {
  const expiresAt = Date.parse(s.accessTokenExpiresAt);
  set({ user: { ...state.user, ...s.user }, accessToken: s.accessToken, expiresAt, refreshToken: s.refreshToken ?? null, ready: true });
  window.clearTimeout(timer);
  // Silent refresh a minute before expiry (or halfway for very short tokens).
  const lead = Math.min(60_000, (expiresAt - Date.now()) / 2);
  timer = window.setTimeout(() => void refresh(), Math.max(1_000, expiresAt - Date.now() - lead));
}

function clear() {
  window.clearTimeout(timer);
  set({ user: null, accessToken: null, expiresAt: 0, refreshToken: null, ready: true });
}

/** Logs in; throws the ApiError of a refusal (see api/client). */
export function startSession(s: Session) {
  adopt(s);
}

/** A new access token from the refresh cookie; false when there is no valid login. One at a time. */
export function refresh(): Promise<boolean> {
  if (inflight) return inflight;
  inflight = (async () => {
    try {
      const res = await fetch('/api/auth/refresh', {
        method: 'POST',
        credentials: 'same-origin',
        headers: AUTH_HEADERS,
        body: JSON.stringify(state.refreshToken ? { refreshToken: state.refreshToken } : {}),
      });
      if (!res.ok) {
        clear();
        return false;
      }
      adopt((await res.json()) as Session);
      return true;
    } catch {
      // Offline: keep what we have; the next request will try again.
      set({ ready: true });
      return false;
    } finally {
      inflight = null;
    }
  })();
  return inflight;
}

/** The access token to send, refreshed first when it is about to expire. */
export async function accessToken(): Promise<string | null> {
  if (state.accessToken && state.expiresAt - Date.now() > 5_000) return state.accessToken;
  if (!state.accessToken && !state.refreshToken && state.ready && !state.user) return null;
  return (await refresh()) ? state.accessToken : null;
}

/** Ends the login on the server (the refresh token is revoked) and here. */
export async function logout(): Promise<void> {
  try {
    await fetch('/api/auth/logout', {
      method: 'POST',
      credentials: 'same-origin',
      headers: AUTH_HEADERS,
      body: JSON.stringify(state.refreshToken ? { refreshToken: state.refreshToken } : {}),
    });
  } finally {
    clear();
  }
}

export function patchUser(u: Partial<AuthUser>) {
  if (state.user) set({ user: { ...state.user, ...u } });
}
