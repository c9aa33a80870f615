import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The append-only audit log of a service. Entries are inserted unsealed inside the use case's
 * transaction (no contention on a chain tail at the deadline rush); the sealer then chains them
 * in commit order. A trigger refuses every UPDATE and DELETE except sealing an unsealed entry.
 */
export class CreateAuditLog1763800000002 implements MigrationInterface {
  name = 'CreateAuditLog1763800000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_log (
        id             bigserial PRIMARY KEY,
        occurred_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor_id       text,
        action         text NOT NULL,
        entity_type    text NOT NULL,
        entity_id      text NOT NULL,
        before         jsonb,
        after          jsonb,
        correlation_id text,
        chain_seq      bigint UNIQUE,
        prev_hash      char(64),
        hash           char(64),
        sealed_at      timestamptz
      )`);
    await q.query(`CREATE INDEX audit_log_unsealed ON audit_log (id) WHERE chain_seq IS NULL`);
    await q.query(`CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id)`);
    await q.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.chain_seq IS NULL AND NEW.chain_seq IS NOT NULL
           AND (OLD.id, OLD.occurred_at, OLD.actor_id, OLD.action, OLD.entity_type, OLD.entity_id,
                OLD.before, OLD.after, OLD.correlation_id)
               IS NOT DISTINCT FROM
               (NEW.id, NEW.occurred_at, NEW.actor_id, NEW.action, NEW.entity_type, NEW.entity_id,
                NEW.before, NEW.after, NEW.correlation_id) THEN
          RETURN NEW; -- sealing: only the chain columns of an unsealed entry change
        END IF;
        RAISE EXCEPTION 'audit_log is append-only';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_log`);
    await q.query(`DROP FUNCTION audit_log_append_only`);
  }
}
