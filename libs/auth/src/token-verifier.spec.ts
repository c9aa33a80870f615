import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { InvalidTokenError, TokenVerifier } from './token-verifier';

describe('TokenVerifier cache of verified tokens', () => {
  const opts = { jwksUrl: 'http://127.0.0.1:9/jwks.json', issuer: 'grants-gateway', audience: 'grants' };
  let sign: (claims: Record<string, unknown>, expSeconds: number) => Promise<string>;
  let verifier: TokenVerifier;
  let keyLookups: number;

  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'EdDSA' };
    const local = createLocalJWKSet({ keys: [jwk] });
    sign = (claims, exp) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'EdDSA', kid: 'k1' })
        .setIssuer(opts.issuer)
        .setAudience(opts.audience)
        .setSubject('user-1')
        .setIssuedAt()
        .setExpirationTime(exp)
        .sign(privateKey);
    verifier = new TokenVerifier(opts);
    // The key set of this test instead of the gateway's (no server needed); counts verifications.
    (verifier as unknown as { jwks: unknown }).jwks = (...args: Parameters<typeof local>) => {
      keyLookups++;
      return local(...args);
    };
  });

  beforeEach(() => {
    keyLookups = 0;
    jest.useRealTimers();
  });

  it('verifies a token once and answers repeats from the cache, each with its own object', async () => {
    const token = await sign({ typ: 'access', roles: ['APPLICANT'] }, Math.floor(Date.now() / 1000) + 600);
    const first = await verifier.verify(token);
    expect(first).toEqual({ id: 'user-1', roles: ['APPLICANT'], organisationId: null });
    first.roles.push('ADMIN');
    const second = await verifier.verify(token);
    expect(second).toEqual({ id: 'user-1', roles: ['APPLICANT'], organisationId: null });
    expect(keyLookups).toBe(1);
  });

  it('refuses a cached token once it has expired, as a full verification would', async () => {
    const exp = Math.floor(Date.now() / 1000) + 5;
    const token = await sign({ typ: 'access', roles: ['APPLICANT'] }, exp);
    await verifier.verify(token);
    jest.useFakeTimers({ now: exp * 1000 });
    await expect(verifier.verify(token)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('never remembers a refusal', async () => {
    const token = await sign({ typ: 'refresh', roles: ['APPLICANT'] }, Math.floor(Date.now() / 1000) + 600);
    await expect(verifier.verify(token)).rejects.toBeInstanceOf(InvalidTokenError);
    await expect(verifier.verify(token)).rejects.toBeInstanceOf(InvalidTokenError);
    expect(keyLookups).toBe(2);
    const tampered = (await sign({ typ: 'access', roles: ['APPLICANT'] }, Math.floor(Date.now() / 1000) + 600)).slice(0, -2) + 'AA';
    await expect(verifier.verify(tampered)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('stays within its bound', async () => {
    const small = new TokenVerifier({ ...opts, cacheSize: 2 });
    (small as unknown as { jwks: unknown }).jwks = (verifier as unknown as { jwks: unknown }).jwks;
    const exp = Math.floor(Date.now() / 1000) + 600;
    const tokens = await Promise.all([1, 2, 3].map((n) => sign({ typ: 'access', roles: ['APPLICANT'], n }, exp)));
    for (const t of tokens) await small.verify(t);
    expect((small as unknown as { verified: Map<string, unknown> }).verified.size).toBe(2);
    keyLookups = 0;
    await small.verify(tokens[0]); // the oldest went out: verified afresh
    expect(keyLookups).toBe(1);
  });
});
