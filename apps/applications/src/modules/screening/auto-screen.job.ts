import { JobHandler, ScheduledJob } from '@grants/jobs';
import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AutoScreening } from './auto-screening';
import { AUTO_SCREEN_JOB, SCREENING_QUEUE } from './screening.jobs';

/** Runs screening's automatic checks once a call has closed (scheduled by `calls.call.closed.v1`). */
@Injectable()
export class AutoScreenJob implements JobHandler {
  readonly queue = SCREENING_QUEUE;
  readonly name = AUTO_SCREEN_JOB;
  private readonly logger = new Logger('AutoScreenJob');

  constructor(private readonly screening: AutoScreening) {}

  async run(job: ScheduledJob, m: EntityManager): Promise<void> {
    const callId = String(job.payload.callId);
    const r = await this.screening.screenCall(m, callId);
    this.logger.log(`call ${callId}: ${r.checked} application(s) checked, ${r.failed} with problems (jobId=${job.id})`);
  }
}
