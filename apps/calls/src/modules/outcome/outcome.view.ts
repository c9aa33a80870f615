import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CallOutcomeEntity, outcomeSummary } from './entities/call-outcome.entity';

@Injectable()
export class OutcomeView {
  constructor(private readonly ds: DataSource) {}

  async summary(callId: string) {
    const o = await this.ds.getRepository(CallOutcomeEntity).findOneBy({ callId });
    return o ? outcomeSummary(o) : null;
  }

  async full(callId: string) {
    const o = await this.ds.getRepository(CallOutcomeEntity).findOneBy({ callId });
    return o ? { ...outcomeSummary(o), ranking: o.ranking } : null;
  }
}
