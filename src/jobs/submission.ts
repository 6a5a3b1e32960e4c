/** The call plan of a job submission through the pipeline (`fm.batch.submit`, `fm.customization.submit`). */
import type { CallPlan } from "../pipeline/run-call.js";

/** What a submission's `create` returns: the job object, and the create request's ID for the `response` event. */
export interface Submitted<Job> {
  job: Job;
  requestId: string | undefined;
}

/**
 * A plan that costs nothing to hold or to spend: AWS bills a job's records (batch) or
 * training tokens (customization) when the job runs, not when it is submitted. Its
 * `response` event carries the create request's ID.
 */
export function submissionPlan<Job>(create: () => Promise<Submitted<Job>>): CallPlan<Job> {
  let requestId: string | undefined;
  return {
    worstCase: { inputPico: 0, outputPico: 0 },
    noPriceReason: undefined,
    execute: async () => {
      const submitted = await create();
      requestId = submitted.requestId;
      return submitted.job;
    },
    finish: () => ({ spent: undefined, event: requestId ? { requestId } : {} }),
  };
}
