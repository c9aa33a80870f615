/**
 * ISO 20022 identifiers derived from our UUIDs.
 *
 * The EndToEndId travels unchanged from our file or API call to the creditor's statement, and is
 * what the bank side deduplicates on. It must therefore be a pure function of the payment id:
 * every execution of the same payment — a BullMQ retry, a worker restarted after a crash, a
 * person's retry — sends the same id, so the bank recognises the repeat and never books twice.
 * A random or attempt-numbered id would defeat exactly that.
 *
 * Format: "GP" + the UUID's 32 hex digits in upper case = 34 characters, within the 35 allowed and
 * using only [A-Z0-9], a subset of every SEPA identifier character set (no '/', which EPC rules
 * forbid at the start or end and doubled). The mapping is one-to-one, so two payments never share
 * an id and a bank answer can be traced back to its payment without a lookup table.
 */

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const END_TO_END_ID_PREFIX = 'GP';
export const MESSAGE_ID_PREFIX = 'GM';

/**
 * The SEPA "restricted identification" character set (pain.001.001.03 as published for SEPA:
 * MsgId, PmtInfId, InstrId, EndToEndId), 1 to 35 characters.
 */
export const SEPA_IDENTIFIER_PATTERN = /^[A-Za-z0-9+?/\-:().,' ]{1,35}$/;

/** Also applies the EPC rule that an identifier must not start or end with '/' nor contain '//'. */
export function isSepaIdentifier(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    SEPA_IDENTIFIER_PATTERN.test(value) &&
    !value.startsWith('/') &&
    !value.endsWith('/') &&
    !value.includes('//')
  );
}

/** The EndToEndId of a payment. Throws on a non-UUID: payment ids are ours, so that is a bug. */
export function endToEndIdFor(paymentId: string): string {
  return fromUuid(END_TO_END_ID_PREFIX, paymentId);
}

/**
 * A pain.001 MsgId for a batch (file) id. The same batch regenerated gives the same MsgId, so a bank
 * that refuses duplicate message ids refuses a file submitted twice.
 */
export function messageIdFor(batchId: string): string {
  return fromUuid(MESSAGE_ID_PREFIX, batchId);
}

/** The payment id back from an EndToEndId we issued; null for anything we did not issue. */
export function paymentIdFromEndToEndId(endToEndId: string): string | null {
  const m = /^GP([0-9A-F]{32})$/.exec(endToEndId);
  if (!m) return null;
  const h = m[1].toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function fromUuid(prefix: string, uuid: string): string {
  if (typeof uuid !== 'string' || !UUID_PATTERN.test(uuid)) {
    throw new RangeError(`Expected a UUID, got ${JSON.stringify(uuid)}`);
  }
  return `${prefix}${uuid.replace(/-/g, '').toUpperCase()}`;
}
