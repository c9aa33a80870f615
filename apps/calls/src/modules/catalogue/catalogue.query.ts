import { InputError } from '@grants/common';
import { CALL_STATUSES, CallStatus } from '@grants/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource, Not } from 'typeorm';
import { callNotFound } from '../calls/calls.errors';
import { containsPattern, municipalityKey, searchTerms } from '../calls/domain/search-text';
import { CallVersionEntity } from '../calls/entities/call-version.entity';
import { CallEntity } from '../calls/entities/call.entity';
import { OutcomeView } from '../outcome/outcome.view';
import { ProgrammeEntity } from '../programmes/entities/programme.entity';
import { CatalogueQueryDto } from './dto/catalogue-query.dto';
import { catalogueItem, publicCallView } from './public-view';

const PUBLIC_STATUSES = CALL_STATUSES.filter((s) => s !== 'DRAFT');

@Injectable()
export class CatalogueQuery {
  constructor(
    private readonly ds: DataSource,
    private readonly outcomes: OutcomeView,
  ) {}

  /** Filtered, searched, paginated; ordered by closing instant then id, so pages never overlap. */
  async list(q: CatalogueQueryDto, acceptLanguages: string[], now = new Date()) {
    const statuses = q.status ? [...new Set(q.status.split(','))] : [];
    const refused = statuses.filter((s) => !(PUBLIC_STATUSES as readonly string[]).includes(s));
    if (refused.length) {
      throw new InputError('REQUEST.INVALID', 'The request has invalid fields', [
        { field: 'status', code: 'ONE_OF', params: { allowed: [...PUBLIC_STATUSES] }, reason: `not a public status: ${refused.join(', ')} (one of ${PUBLIC_STATUSES.join(', ')})` },
      ]);
    }
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const qb = this.ds.getRepository(CallEntity).createQueryBuilder('c').where(`c.status <> 'DRAFT'`);
    if (q.kind) qb.andWhere('c.kind = :kind', { kind: q.kind });
    if (statuses.length) qb.andWhere('c.status IN (:...statuses)', { statuses: statuses as CallStatus[] });
    if (q.language) qb.andWhere(':language = ANY(c.submission_languages)', { language: q.language });
    if (q.municipality) qb.andWhere(':municipality = ANY(c.municipality_keys)', { municipality: municipalityKey(q.municipality) });
    if (q.currency) qb.andWhere('c.currency = :currency', { currency: q.currency });
    if (q.closingBefore) qb.andWhere('c.closes_at < :closingBefore', { closingBefore: new Date(q.closingBefore) });
    if (q.closingAfter) qb.andWhere('c.closes_at > :closingAfter', { closingAfter: new Date(q.closingAfter) });
    // Both sides folded (domain/search-text.ts); ILIKE over the trigram-indexed column.
    searchTerms(q.q ?? '').forEach((term, i) => qb.andWhere(`c.search_text ILIKE :term${i}`, { [`term${i}`]: containsPattern(term) }));
    qb.orderBy('c.closesAt', 'ASC').addOrderBy('c.id', 'ASC').offset((page - 1) * pageSize).limit(pageSize);
    const [calls, total] = await qb.getManyAndCount();
    const requested = [q.lang, ...acceptLanguages];
    return { items: calls.map((c) => catalogueItem(c, requested, now)), page, pageSize, total };
  }

  /** A published call's full public view; a draft is as unknown as a call that does not exist. */
  async get(callId: string, requested: (string | undefined)[], now = new Date()) {
    const call = await this.ds.getRepository(CallEntity).findOneBy({ id: callId, status: Not('DRAFT') });
    if (!call) throw callNotFound(callId);
    const programme = call.programmeId ? await this.ds.getRepository(ProgrammeEntity).findOneBy({ id: call.programmeId }) : null;
    const versions = await this.ds.getRepository(CallVersionEntity).find({
      where: { callId },
      order: { version: 'ASC' },
      select: { version: true, reason: true, changes: true, createdAt: true },
    });
    const showOutcome = call.status === 'RESULTS_PUBLISHED' || call.status === 'ARCHIVED';
    return publicCallView(call, requested, now, {
      programme: programme ? { code: programme.code, name: programme.name, funder: programme.funder } : null,
      amendments: versions
        .filter((v) => v.version > 1)
        .map((v) => ({ version: v.version, reason: v.reason, changes: v.changes, at: v.createdAt.toISOString() })),
      outcome: showOutcome ? await this.outcomes.summary(callId) : null,
    });
  }
}
