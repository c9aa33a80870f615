/** A fresh key per submit attempt (randomUUID needs a secure context; getRandomValues does not). */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function' && window.isSecureContext) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return `portal-${Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')}`;
}
