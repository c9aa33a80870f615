import { authorizedFetch } from '../api/client';
import { patchUser, sessionStore } from './session';

/**
 * The account remembers the language chosen with the switcher, so that its e-mails come in it
 * too (`PATCH /api/auth/me`). A gateway without that route answers 404: nothing else to do.
 */
export async function savePreferredLanguage(language: string): Promise<void> {
  if (!sessionStore.get().user) return;
  try {
    const res = await authorizedFetch(
      new Request('/api/auth/me', {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ preferredLanguage: language }),
        credentials: 'same-origin',
      }),
    );
    if (res.ok) patchUser({ preferredLanguage: language });
  } catch {
    // Offline: the choice is kept in this browser; the next switch tries again.
  }
}
