import { Injectable } from '@nestjs/common';
import type { JobName, JobPayloads } from '../../queue/jobs';

/**
 * Proposals (UPJ step 5). Owned by the "coop-core" work package: to be built out.
 * The processor calls remind() and expire() for the timed jobs.
 */
@Injectable()
export class ProposalsService {
  /** RemindProposal: tell the receiver the proposal expires soon (if still pending and the time matches). */
  async remind(data: JobPayloads[JobName.RemindProposal]): Promise<unknown> {
    throw new Error(`remind-proposal ${data.cooperationId}: not built yet`);
  }

  /** ExpireProposal: expire the proposal (if still pending and its time is up); tell both sides. */
  async expire(data: JobPayloads[JobName.ExpireProposal]): Promise<unknown> {
    throw new Error(`expire-proposal ${data.cooperationId}: not built yet`);
  }
}
