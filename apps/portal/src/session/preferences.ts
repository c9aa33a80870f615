import { api, unwrap } from '../api/client';
import { patchUser, sessionStore } from './session';

/**
 * The account remembers the language chosen with the switcher (`PATCH /api/auth/me`), so that
 * its e-mails come in it too. Offline or refused: the choice stays in this browser.
 */
export async function savePreferredLanguage(language: string): Promise<void> {
  if (!sessionStore.get().user) return;
  try {
    await unwrap(api.PATCH('/api/auth/me', { body: { preferredLanguage: language } as never }));
    patchUser({ preferredLanguage: language });
  } catch {
    // The switch itself has happened; the account keeps its previous language.
  }
}
