/** A small JSON client for tests, the demo and benchmarks: status and body, never throws on 4xx. */
export interface JsonResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export async function http<T = any>(
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<JsonResponse<T>> {
  // Bytes (a file upload) go as they are; anything else as JSON.
  const bytes = body instanceof Uint8Array;
  const res = await fetch(url, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': bytes ? 'application/octet-stream' : 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : bytes || typeof body === 'string' ? (body as string | Uint8Array) : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

/** A small file that is a PDF by its first bytes (the platform checks content, not names), titled `title`. */
export function pdf(title = 'Писмо за поддршка од општината'): Buffer {
  return Buffer.concat([Buffer.from('%PDF-1.7\n%\xE2\xE3\xCF\xD3\n', 'latin1'), Buffer.from(`1 0 obj << /Title (${title}) >> endobj\n%%EOF\n`, 'utf8')]);
}
