import { Injectable } from '@nestjs/common';
import type { JobName, JobPayloads } from '../../queue/jobs';

/**
 * Evaluations (UPJ step 6). Owned by the "coop-agreements" work package: to be built out.
 * The processor calls request() and close() for the timed jobs.
 */
@Injectable()
export class EvaluationsService {
  /** RequestEvaluation: complete an active cooperation whose end passed, ask both sides to evaluate. */
  async request(data: JobPayloads[JobName.RequestEvaluation]): Promise<unknown> {
    throw new Error(`request-evaluation ${data.cooperationId}: not built yet`);
  }

  /** CloseEvaluation: the window closed: the cooperation is evaluated with what was answered. */
  async close(data: JobPayloads[JobName.CloseEvaluation]): Promise<unknown> {
    throw new Error(`close-evaluation ${data.cooperationId}: not built yet`);
  }
}
