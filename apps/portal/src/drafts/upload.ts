import { ApiError } from '../api/errors';
import { accessToken, refresh } from '../session/session';

/**
 * A file as the raw request body with its own type (the service's contract), through XHR because
 * fetch reports no upload progress. A 401 refreshes the login and retries once.
 */
export function uploadAttachment(applicationId: string, key: string, file: File, onProgress: (fraction: number) => void): Promise<unknown> {
  const url = `/api/applications/${applicationId}/attachments?key=${encodeURIComponent(key)}&fileName=${encodeURIComponent(file.name)}`;
  const once = (token: string | null) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', url);
      xhr.setRequestHeader('content-type', file.type || 'application/octet-stream');
      if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
      xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
      xhr.onload = () => resolve({ status: xhr.status, body: xhr.responseText });
      xhr.onerror = () => reject(ApiError.network(new Error('upload failed')));
      xhr.send(file);
    });
  return (async () => {
    let r = await once(await accessToken());
    if (r.status === 401 && (await refresh())) r = await once(await accessToken());
    if (r.status >= 200 && r.status < 300) {
      onProgress(1);
      return JSON.parse(r.body || '{}');
    }
    throw await ApiError.from(new Response(r.body, { status: r.status, headers: { 'content-type': 'application/json' } }));
  })();
}

const EXTENSION_TYPES: Record<string, string> = { pdf: 'application/pdf', jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png' };

/** The file's type as the browser says, or from its extension when it says nothing. */
export function typeOf(file: File): string {
  if (file.type) return file.type;
  const ext = file.name.split('.').pop()?.toLowerCase() ?? '';
  return EXTENSION_TYPES[ext] ?? '';
}

/** The call's rules, checked before any byte is sent (the service checks the content again). */
export function refusal(file: File, rules: { allowedTypes?: string[]; maxSizeBytes?: number }): 'wrongType' | 'tooBig' | null {
  if (rules.allowedTypes?.length && !rules.allowedTypes.includes(typeOf(file))) return 'wrongType';
  if (rules.maxSizeBytes && file.size > rules.maxSizeBytes) return 'tooBig';
  return null;
}
