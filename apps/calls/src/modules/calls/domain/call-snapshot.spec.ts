import { CallAmendedV1, CallPublishedV1 } from '@grants/contracts';
import { instanceToPlain, plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { makersCofunding } from '@grants/testing';
import { callSnapshot, PublishedCall } from './call-snapshot';

/** As the outbox writer checks a payload: unknown fields anywhere are a contract violation. */
const violations = (cls: new () => object, payload: object) =>
  validateSync(plainToInstance(cls, instanceToPlain(payload)), { whitelist: true, forbidNonWhitelisted: true });

describe('call snapshot (calls.call.published.v1 / amended.v1)', () => {
  const body = makersCofunding('2023-02-15T08:00:00+01:00', '2023-03-31T23:59:00+02:00');
  const call: PublishedCall = {
    ...body,
    id: '9b2f6c1e-3c1a-4f1e-9d7b-0a6f3e1d2c4b',
    status: 'SCHEDULED',
    version: 1,
    blindReview: false,
    programmeId: null,
    budgetMinor: BigInt(body.budgetMinor),
    opensAt: new Date(body.opensAt),
    closesAt: new Date(body.closesAt),
    publishedAt: new Date('2023-02-01T10:00:00Z'),
  } as PublishedCall;

  it('carries the whole call and meets its contract, names and municipalities exactly as written', () => {
    const s = callSnapshot(call);
    expect(violations(CallPublishedV1, s)).toEqual([]);
    expect(s).toMatchObject({ opensAt: '2023-02-15T07:00:00.000Z', closesAt: '2023-03-31T21:59:00.000Z', budgetMinor: '20000000', version: 1 });
    expect(s.eligibility?.partnerMunicipalities).toContain('Istočno Novo Sarajevo');
    expect(s.texts.sr.title).toBe('Јавни позив за суфинансирање локалних иницијатива');
    expect(s).not.toHaveProperty('programmeId');
    const amended = { callId: call.id, version: 2, reason: 'extended', changes: [{ type: 'DEADLINE_EXTENDED', from: s.closesAt, to: s.closesAt }], amendedAt: s.publishedAt, snapshot: s };
    expect(violations(CallAmendedV1, amended)).toEqual([]);
  });

  it('still meets the original v1 contract fields a consumer written before the full model reads', () => {
    const s = callSnapshot(call);
    for (const k of ['callId', 'referenceCode', 'kind', 'currency', 'budgetMinor', 'opensAt', 'closesAt', 'timeZone', 'blindReview', 'defaultLanguage', 'texts', 'publishedAt']) {
      expect(s).toHaveProperty(k);
    }
  });
});
