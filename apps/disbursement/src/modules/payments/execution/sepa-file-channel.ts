import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { DisbursementConfig } from '../../../config/disbursement.config';
import { endToEndIdFor, messageIdFor } from '../domain/end-to-end-id';
import { markFailed } from '../domain/payment-state';
import { instructionOf, lockPayments, PaymentRow, readPayments, snapshotOf } from '../payment-row';
import { PaymentInstruction } from '../providers/payment-provider';
import { writePain001 } from '../providers/sepa-pain001.writer';
import { PaymentRecorder } from './payment-recorder';

export interface FiledBatch {
  fileId: string;
  messageId: string;
  instructions: PaymentInstruction[];
}

/** Most transfers in one file; the rest wait for the next. */
const MAX_FILE_TRANSFERS = 1000;

/**
 * EUR payments to SEPA accounts go out as pain.001.001.03 files. The file is written and stored
 * (with each payment's `file_id`) in its own committed transaction *before* anything is sent, so
 * a worker that dies afterwards resubmits the very same file (same MsgId, same end-to-end ids)
 * instead of writing a second one; the bank deduplicates on the end-to-end id either way.
 * Approvals close together share a file: each EUR payment's job runs after SEPA_BATCH_DELAY_MS and
 * takes every approved EUR payment not yet in a file; the jobs of the others then find their
 * payment filed and sent, and do nothing.
 */
@Injectable()
export class SepaFileChannel {
  private readonly logger = new Logger('SepaFileChannel');

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    private readonly config: DisbursementConfig,
    private readonly recorder: PaymentRecorder,
  ) {}

  /**
   * The stored file this payment goes out in, writing it if needed; null when the payment is no
   * longer APPROVED (done, or failed as unwritable); 'BUSY' when another worker is filing it now.
   */
  async fileFor(paymentId: string): Promise<FiledBatch | null | 'BUSY'> {
    return this.ds.transaction(async (m) => {
      const [mine] = await m.query(`SELECT id, status, file_id AS "fileId" FROM payment WHERE id = $1 FOR UPDATE SKIP LOCKED`, [paymentId]);
      if (!mine) {
        const [exists] = await m.query(`SELECT status FROM payment WHERE id = $1`, [paymentId]);
        return exists ? 'BUSY' : null;
      }
      if (mine.status !== 'APPROVED') return null;
      if (mine.fileId) return this.load(m, mine.fileId);

      const others: { id: string }[] = await m.query(
        `SELECT id FROM payment WHERE status = 'APPROVED' AND channel = 'SEPA_FILE' AND file_id IS NULL AND id <> $1
          ORDER BY approved_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [paymentId, MAX_FILE_TRANSFERS - 1],
      );
      let batch = await lockPayments(m, [paymentId, ...others.map((o) => o.id)]);
      // A transfer the writer refuses (e.g. a name too long for the file) fails visibly, alone.
      for (;;) {
        const fileId = randomUUID();
        const messageId = messageIdFor(fileId);
        const createdAt = new Date();
        const written = writePain001({
          messageId,
          createdAt,
          requestedExecutionDate: createdAt.toISOString().slice(0, 10),
          debtor: { name: this.config.SEPA_DEBTOR_NAME, iban: this.config.SEPA_DEBTOR_IBAN, bic: this.config.SEPA_DEBTOR_BIC || null },
          characterSet: this.config.SEPA_CHARSET,
          transfers: batch.map((p) => ({
            endToEndId: endToEndIdFor(p.id),
            amountMinor: p.amountMinor,
            currency: p.currency,
            creditor: { name: p.creditorName ?? '', iban: p.creditorIban ?? '', bic: p.creditorBic },
            remittanceInformation: p.remittance,
          })),
        });
        if (written.ok) {
          const doc = written.value;
          await m.query(
            `INSERT INTO payment_file (id, message_id, currency, requested_execution_date, number_of_transactions, control_sum_minor, sha256, xml)
             VALUES ($1, $2, 'EUR', $3, $4, $5, $6, $7)`,
            [
              fileId,
              messageId,
              createdAt.toISOString().slice(0, 10),
              doc.numberOfTransactions,
              doc.controlSumMinor.toString(),
              createHash('sha256').update(doc.xml, 'utf8').digest('hex'),
              doc.xml,
            ],
          );
          await m.query(`UPDATE payment SET file_id = $1, updated_at = now() WHERE id = ANY($2::uuid[])`, [fileId, batch.map((p) => p.id)]);
          this.logger.log(`pain.001 ${messageId}: ${doc.numberOfTransactions} transfer(s), ${doc.controlSum} EUR`);
          return { fileId, messageId, instructions: batch.map(instructionOf) };
        }
        const bad = new Map<number, string[]>();
        for (const problem of written.problems) {
          const at = /^transfers\[(\d+)\]/.exec(problem.field);
          if (!at) throw new Error(`The SEPA file cannot be written: ${problem.field}: ${problem.reason}`);
          bad.set(Number(at[1]), [...(bad.get(Number(at[1])) ?? []), `${problem.field.replace(/^transfers\[\d+\]\./, '')}: ${problem.reason}`]);
        }
        for (const [index, reasons] of bad) {
          const p = batch[index];
          const reason = `refused before sending, the SEPA file cannot carry it: ${reasons.join('; ')}`;
          await this.recorder.apply(m, p, markFailed(snapshotOf(p), { kind: 'REJECTED', reason }), { actorId: 'system:sepa-file-channel' });
        }
        batch = batch.filter((_, i) => !bad.has(i));
        if (!batch.some((p) => p.id === paymentId)) return null;
      }
    });
  }

  private async load(m: EntityManager, fileId: string): Promise<FiledBatch> {
    const [file] = await m.query(`SELECT message_id AS "messageId" FROM payment_file WHERE id = $1`, [fileId]);
    const ids: { id: string }[] = await m.query(`SELECT id FROM payment WHERE file_id = $1 AND status = 'APPROVED' ORDER BY id`, [fileId]);
    // Read, not locked: the instructions come from the approval's snapshot, and locking the file's
    // other payments here could deadlock with their own jobs filing concurrently.
    const rows: PaymentRow[] = ids.length ? await readPayments(m, ids.map((r) => r.id)) : [];
    return { fileId, messageId: file.messageId, instructions: rows.map(instructionOf) };
  }

  async markSubmitted(m: EntityManager, fileId: string): Promise<void> {
    await m.query(`UPDATE payment_file SET submitted_at = COALESCE(submitted_at, now()) WHERE id = $1`, [fileId]);
  }
}
