/**
 * The few parts of libs/testing the browser tests use, typed here: the tests load the compiled
 * library from dist/ (its decorators need tsc's output), and the portal's tsconfig does not
 * compile the platform's sources.
 */
export interface Actor {
  id: string;
  email: string;
  roles: string[];
  token: string;
  auth: Record<string, string>;
}

export interface JsonResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface PlatformClient {
  api: string;
  login(email: string, password: string): Promise<Actor>;
  admin(): Promise<Actor>;
  staff(admin: Actor, roles: string[], displayName?: string, email?: string): Promise<Actor>;
  applicant(displayName: string, opts?: { email?: string; language?: string; type?: string }): Promise<Actor>;
  call<T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<JsonResponse<T>>;
  expect<T = any>(method: string, path: string, status: number, body?: unknown, headers?: Record<string, string>): Promise<T>;
}

export interface TestPlatformHandle {
  platform: { gatewayUrl: string };
  api: string;
  logDir: string;
  stop(): Promise<void>;
}

export declare function startTestPlatform(o: { label: string; basePort: number; env?: Record<string, string> }): Promise<TestPlatformHandle>;
export declare const PlatformClient: new (api: string) => PlatformClient;
export declare function essayContest(opensAt: string, closesAt: string, overrides?: Record<string, unknown>): Record<string, any>;
export declare function pdf(title?: string): Buffer;
export declare function birthDateForAge(years: number, now?: Date): string;
export declare const uniqueEmail: (label: string) => string;
export declare const sleep: (ms: number) => Promise<void>;
