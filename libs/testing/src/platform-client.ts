import { randomBytes } from 'node:crypto';
import { http, JsonResponse } from './http-client';
import { PLATFORM_ADMIN } from './service-process';

export interface Actor {
  id: string;
  email: string;
  /** The password the actor signs in with (the demo prints a few, for a person to try the portal). */
  password: string;
  roles: string[];
  token: string;
  /** Authorization header for this actor. */
  auth: Record<string, string>;
}

/** Drives the public API as real people would: register, log in, then call with a bearer token. */
export class PlatformClient {
  constructor(readonly api: string) {}

  async login(email: string, password: string): Promise<Actor> {
    const r = await this.expect('POST', '/auth/login', 200, { email, password });
    return { id: r.user.id, email, password, roles: r.user.roles, token: r.accessToken, auth: { authorization: `Bearer ${r.accessToken}` } };
  }

  admin(): Promise<Actor> {
    return this.login(PLATFORM_ADMIN.email, PLATFORM_ADMIN.password);
  }

  async staff(admin: Actor, roles: string[], displayName = roles.join(' ').toLowerCase(), email = uniqueEmail(roles[0])): Promise<Actor> {
    const password = `pw-${randomBytes(8).toString('hex')}`;
    await this.expect('POST', '/auth/staff', 201, { email, password, displayName, preferredLanguage: 'en', roles }, admin.auth);
    return this.login(email, password);
  }

  async applicant(displayName: string, opts: { email?: string; language?: string; type?: string } = {}): Promise<Actor> {
    const email = opts.email ?? uniqueEmail('applicant');
    const password = `pw-${randomBytes(8).toString('hex')}`;
    await this.expect('POST', '/auth/register', 201, {
      email,
      password,
      displayName,
      preferredLanguage: opts.language ?? 'mk',
      applicantType: opts.type ?? 'STUDENT',
    });
    return this.login(email, password);
  }

  call<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<JsonResponse<T>> {
    return http<T>(method, `${this.api}${path}`, body, headers);
  }

  /** Calls and insists on a status; the error shows the body. */
  async expect<T = any>(method: string, path: string, status: number, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const r = await this.call<T>(method, path, body, headers);
    if (r.status !== status) throw new Error(`${method} ${path}: expected ${status}, got ${r.status}: ${JSON.stringify(r.body)}`);
    return r.body;
  }
}

export const uniqueEmail = (label: string) => `${label.toLowerCase().replace(/[^a-z0-9]/g, '-')}-${randomBytes(4).toString('hex')}@example.org`;
