import { randomUUID } from 'node:crypto';
import { endToEndIdFor, isSepaIdentifier, messageIdFor, paymentIdFromEndToEndId } from './end-to-end-id';

describe('end-to-end id', () => {
  const paymentId = '7f3c9a52-5d6e-4b8a-9c1d-2e3f4a5b6c7d';

  it('is deterministic: a retried execution sends the same id, whatever the UUID case', () => {
    expect(endToEndIdFor(paymentId)).toBe('GP7F3C9A525D6E4B8A9C1D2E3F4A5B6C7D');
    expect(endToEndIdFor(paymentId.toUpperCase())).toBe(endToEndIdFor(paymentId));
  });

  it('fits ISO 20022 (max 35 characters, SEPA character set) and is unique per payment', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const id = endToEndIdFor(randomUUID());
      expect(id.length).toBeLessThanOrEqual(35);
      expect(isSepaIdentifier(id)).toBe(true);
      ids.add(id);
    }
    expect(ids.size).toBe(10_000);
  });

  it('maps back to the payment id, and only for ids we issued', () => {
    expect(paymentIdFromEndToEndId(endToEndIdFor(paymentId))).toBe(paymentId);
    expect(paymentIdFromEndToEndId('NOTPROVIDED')).toBeNull();
    expect(paymentIdFromEndToEndId('GP7F3C9A525D6E4B8A9C1D2E3F4A5B6C7')).toBeNull();
  });

  it('refuses a non-UUID payment id', () => {
    expect(() => endToEndIdFor('42')).toThrow(RangeError);
    expect(() => endToEndIdFor('7f3c9a52-5d6e-4b8a-9c1d-2e3f4a5b6c7z')).toThrow(RangeError);
  });

  it('derives message ids the same way, distinguishable from end-to-end ids', () => {
    expect(messageIdFor(paymentId)).toBe('GM7F3C9A525D6E4B8A9C1D2E3F4A5B6C7D');
    expect(paymentIdFromEndToEndId(messageIdFor(paymentId))).toBeNull();
  });

  it('knows the SEPA identifier rules', () => {
    expect(isSepaIdentifier("Tranche 1/2 (advance) - A.B,C'+?:")).toBe(true);
    for (const bad of ['', 'x'.repeat(36), 'ä', 'a_b', '/abc', 'abc/', 'a//b', 'a&b']) expect(isSepaIdentifier(bad)).toBe(false);
  });
});
