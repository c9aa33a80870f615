import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { endToEndIdFor, messageIdFor } from '../domain/end-to-end-id';
import { PAIN001_NAMESPACE, Pain001Request, writePain001 } from './sepa-pain001.writer';

const RUSE = 'Клуб „Отворено общество“ – Русе';

function eeaRequest(overrides: Partial<Pain001Request> = {}): Pain001Request {
  const creditor = { name: RUSE, iban: 'BG95 UNCR 7000 1523 4567 89', bic: 'uncrbgsf' };
  return {
    messageId: messageIdFor('0b6a8f7e-3c2d-4e1f-9a8b-7c6d5e4f3a2b'),
    createdAt: new Date('2025-11-22T08:15:30.123Z'),
    requestedExecutionDate: '2025-11-24',
    debtor: { name: 'Grants Platform Programme Operator', iban: 'BG80BNBG96611020345678', bic: 'BNBGBGSD' },
    transfers: [
      {
        endToEndId: endToEndIdFor('11111111-2222-4333-8444-555555555555'),
        amountMinor: 1419264n,
        currency: 'EUR',
        creditor,
        remittanceInformation: 'Гражданско участие в интеграционната политика – транш 1 от 2',
      },
      {
        endToEndId: endToEndIdFor('66666666-7777-4888-9999-aaaaaaaaaaaa'),
        amountMinor: 354816n,
        currency: 'EUR',
        creditor,
        remittanceInformation: 'Гражданско участие в интеграционната политика – транш 2 от 2',
      },
    ],
    ...overrides,
  };
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, isArray: (n) => n === 'CdtTrfTxInf' });

describe('writePain001', () => {
  it('writes the EEA grant tranches with exact totals and amounts from minor units', () => {
    const outcome = writePain001(eeaRequest());
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
    const doc = outcome.value;
    expect(doc.numberOfTransactions).toBe(2);
    expect(doc.controlSumMinor).toBe(1774080n);
    expect(doc.controlSum).toBe('17740.80');
    expect(XMLValidator.validate(doc.xml)).toBe(true);
    expect(doc.xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);

    const parsed = parser.parse(doc.xml);
    const root = parsed.Document;
    expect(root['@_xmlns']).toBe(PAIN001_NAMESPACE);
    const { GrpHdr, PmtInf } = root.CstmrCdtTrfInitn;
    expect(GrpHdr).toMatchObject({ NbOfTxs: '2', CtrlSum: '17740.80', CreDtTm: '2025-11-22T08:15:30Z', MsgId: doc.messageId });
    expect(PmtInf).toMatchObject({
      PmtMtd: 'TRF',
      NbOfTxs: '2',
      CtrlSum: '17740.80',
      PmtTpInf: { SvcLvl: { Cd: 'SEPA' } },
      ReqdExctnDt: '2025-11-24',
      DbtrAgt: { FinInstnId: { BIC: 'BNBGBGSD' } },
      ChrgBr: 'SLEV',
    });
    const txs = PmtInf.CdtTrfTxInf;
    expect(txs.map((t: { Amt: { InstdAmt: { '#text': string; '@_Ccy': string } } }) => t.Amt.InstdAmt['#text'])).toEqual([
      '14192.64',
      '3548.16',
    ]);
    expect(txs[0].Amt.InstdAmt['@_Ccy']).toBe('EUR');
    // UTF-8 kept: the name reaches the file exactly as the platform stores it.
    expect(txs[0].Cdtr.Nm).toBe(RUSE);
    expect(txs[0].CdtrAcct.Id.IBAN).toBe('BG95UNCR70001523456789');
    expect(txs[0].CdtrAgt.FinInstnId.BIC).toBe('UNCRBGSF');
    expect(txs[1].PmtId.EndToEndId).toBe('GP66666666777748889999AAAAAAAAAAAA');
  });

  it('puts the elements in the order the schema sequence requires', () => {
    const outcome = writePain001(eeaRequest({ batchBooking: true }));
    if (!outcome.ok) throw new Error('expected a document');
    const xml = outcome.value.xml;
    const order = (names: string[], from: number) => names.map((n) => xml.indexOf(`<${n}`, from));
    const grpHdr = order(['GrpHdr', 'MsgId', 'CreDtTm', 'NbOfTxs', 'CtrlSum', 'InitgPty'], 0);
    expect([...grpHdr].sort((a, b) => a - b)).toEqual(grpHdr);
    const pmtInfAt = xml.indexOf('<PmtInf>');
    const pmtInf = order(
      ['PmtInfId', 'PmtMtd', 'BtchBookg', 'NbOfTxs', 'CtrlSum', 'PmtTpInf', 'ReqdExctnDt', 'Dbtr>', 'DbtrAcct', 'DbtrAgt', 'ChrgBr', 'CdtTrfTxInf'],
      pmtInfAt,
    );
    expect(pmtInf.every((p) => p > 0)).toBe(true);
    expect([...pmtInf].sort((a, b) => a - b)).toEqual(pmtInf);
    const tx = order(['PmtId', 'Amt>', 'CdtrAgt', 'Cdtr>', 'CdtrAcct', 'RmtInf'], xml.indexOf('<CdtTrfTxInf>'));
    expect([...tx].sort((a, b) => a - b)).toEqual(tx);
  });

  it('escapes XML special characters and leaves out optional parts that are absent', () => {
    const outcome = writePain001(
      eeaRequest({
        debtor: { name: 'Operator', iban: 'BG80BNBG96611020345678' },
        transfers: [
          {
            endToEndId: 'E2E-1',
            amountMinor: 1n,
            currency: 'EUR',
            creditor: { name: 'Association Citoyenneté & Dialogue <Lyon>', iban: 'FR1420041010050500013M02606' },
          },
        ],
      }),
    );
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
    const xml = outcome.value.xml;
    expect(xml).toContain('<Nm>Association Citoyenneté &amp; Dialogue &lt;Lyon&gt;</Nm>');
    const pmtInf = parser.parse(xml).Document.CstmrCdtTrfInitn.PmtInf;
    expect(pmtInf.DbtrAgt).toEqual({ FinInstnId: { Othr: { Id: 'NOTPROVIDED' } } });
    expect(pmtInf.CdtTrfTxInf[0].Cdtr.Nm).toBe('Association Citoyenneté & Dialogue <Lyon>');
    expect(xml).not.toContain('<CdtrAgt>');
    expect(xml).not.toContain('<RmtInf>');
    expect(xml).not.toContain('<BtchBookg>');
    expect(outcome.value.controlSum).toBe('0.01');
  });

  it('transliterates to the EPC basic Latin set only when asked', () => {
    const outcome = writePain001(eeaRequest({ characterSet: 'EPC_BASIC_LATIN' }));
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
    const tx = parser.parse(outcome.value.xml).Document.CstmrCdtTrfInitn.PmtInf.CdtTrfTxInf[0];
    expect(tx.Cdtr.Nm).toBe("Klub 'Otvoreno obshtestvo' - Ruse");
    expect(tx.RmtInf.Ustrd).toBe('Grazhdansko uchastie v integratsionnata politika - transh 1 ot 2');
  });

  it('refuses non-EUR transfers and invalid accounts, naming the index and the field', () => {
    const base = eeaRequest();
    const outcome = writePain001(
      eeaRequest({
        transfers: [
          base.transfers[0],
          { ...base.transfers[1], currency: 'BGN' },
          { ...base.transfers[1], endToEndId: 'E2E-3', creditor: { name: 'X', iban: 'BG95UNCR70001523456780', bic: 'NOPE' } },
          { ...base.transfers[1], endToEndId: 'E2E-4', creditor: { name: 'ИнСоК', iban: 'MK07250120000058984', bic: 'STOBMK2X' } },
        ],
      }),
    );
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.code).toBe('DISBURSEMENT.PAIN001_INVALID');
    expect(outcome.problems.map((p) => p.field)).toEqual([
      'transfers[1].currency',
      'transfers[2].creditor.iban',
      'transfers[2].creditor.bic',
      'transfers[3].creditor.iban',
    ]);
    expect(outcome.problems[3].reason).toMatch(/MK is outside SEPA/);
  });

  it('refuses bad amounts, repeated or malformed ids, over-long names and bad dates, all at once', () => {
    const base = eeaRequest();
    const outcome = writePain001(
      eeaRequest({
        messageId: 'MSG_1',
        requestedExecutionDate: '2025-11-21',
        debtor: { ...base.debtor, iban: 'BG80 BNBG 9661 1020 3456 78', name: 'Ж'.repeat(71) },
        transfers: [
          { ...base.transfers[0], amountMinor: 0n },
          { ...base.transfers[1], endToEndId: base.transfers[0].endToEndId, amountMinor: 100_000_000_000n },
          { ...base.transfers[1], endToEndId: 'x'.repeat(36), remittanceInformation: 'r'.repeat(141) },
        ],
      }),
    );
    if (outcome.ok) throw new Error('expected a refusal');
    expect(outcome.problems.map((p) => p.field)).toEqual([
      'messageId',
      'requestedExecutionDate',
      'debtor.name',
      'initiatingPartyName',
      'transfers[0].amountMinor',
      'transfers[1].endToEndId',
      'transfers[1].amountMinor',
      'transfers[2].endToEndId',
      'transfers[2].remittanceInformation',
    ]);
  });

  it('refuses an empty batch and text XML cannot carry', () => {
    expect(writePain001(eeaRequest({ transfers: [] }))).toMatchObject({ ok: false, problems: [{ field: 'transfers' }] });
    const base = eeaRequest();
    const outcome = writePain001(
      eeaRequest({ transfers: [{ ...base.transfers[0], creditor: { ...base.transfers[0].creditor, name: 'Bell\u0007' } }] }),
    );
    expect(outcome).toMatchObject({ ok: false, problems: [{ field: 'transfers[0].creditor.name', reason: /control characters/ }] });
  });

  it('writes a large batch whose CtrlSum is the exact bigint sum', () => {
    const base = eeaRequest();
    const transfers = Array.from({ length: 500 }, (_, i) => ({
      ...base.transfers[0],
      endToEndId: `E2E-${i}`,
      amountMinor: 99_999_999_999n - BigInt(i),
    }));
    const outcome = writePain001(eeaRequest({ transfers }));
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
    // 500 × 99 999 999 999 − (0 + 1 + … + 499) = 49 999 999 874 750 minor units.
    expect(outcome.value.controlSumMinor).toBe(49_999_999_874_750n);
    expect(outcome.value.controlSum).toBe('499999998747.50');
  });
});
