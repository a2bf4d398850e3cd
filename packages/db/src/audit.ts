import type { AuditEntry, AuditTrail } from '@allocation/domain';
import type { Statement } from './read-model.ts';

const INSERT_AUDIT_RECORD = `
  INSERT INTO audit_record (at, actor_kind, actor_id, actor_name, request_id, command, fields, outcome,
    result, reason_code, reason_message, skus, orderids, batchrefs)
  VALUES ($1::timestamptz, $2::varchar, $3::text, $4::text, $5::varchar, $6::varchar, $7::jsonb,
    $8::varchar, $9::jsonb, $10::varchar, $11::text, $12::varchar[], $13::varchar[], $14::varchar[])`;

/**
 * The audit trail of one unit of work: its records are collected and inserted when the unit of
 * work commits, in the same transaction as the change they describe (none if it rolls back).
 */
export class SqlAuditTrail implements AuditTrail {
  readonly pending: Statement[] = [];

  async record(entry: AuditEntry): Promise<void> {
    this.pending.push({
      text: INSERT_AUDIT_RECORD,
      values: [
        entry.at,
        entry.actor.kind,
        entry.actor.id,
        entry.actor.name,
        entry.requestId,
        entry.command,
        JSON.stringify(entry.fields),
        entry.outcome,
        entry.result === null || entry.result === undefined ? null : JSON.stringify(entry.result),
        entry.reason?.code ?? null,
        entry.reason?.message ?? null,
        [...entry.subjects.skus],
        [...entry.subjects.orderids],
        [...entry.subjects.batchrefs],
      ],
      name: 'audit_record',
    });
  }
}
