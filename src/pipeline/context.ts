/** What every call of one client shares: settings, policy, accounting, observers, the transport. */
import type { AuditLog } from "../audit/audit-log.js";
import type { PriceOverrides } from "../pricing/cost.js";
import type { Transport } from "../transport/index.js";
import type { Accounting } from "./accounting.js";
import type { RetrySettings } from "./attempts.js";
import type { Observers } from "./observers.js";
import type { ModelPolicy } from "./policy.js";

/** One client's shared state, passed to every operation (nothing is closed over). */
export interface ClientContext {
  /** The Region calls are signed for and priced in; read it only after {@link ClientContext.regionLookup} settled. */
  readonly region: string;
  /**
   * Undefined once the Region is known; before that (a client without `region`, on its
   * first call) the lookup of `AWS_REGION` and the AWS profile, to await.
   */
  regionLookup(): Promise<unknown> | undefined;
  readonly pricing: PriceOverrides | undefined;
  readonly retries: RetrySettings;
  /** invoke: the whole call; stream: the longest wait for a chunk. 0: none. */
  readonly timeoutMs: number;
  readonly policy: ModelPolicy;
  readonly observers: Observers;
  /** Per-client limits on text calls. */
  readonly limits: { maxTokens?: number; maxRequestBytes?: number };
  /** Whether calls get OpenTelemetry spans (when `@opentelemetry/api` is installed). */
  readonly telemetry: boolean;
  /** Whether spans carry the prompt and the answer (`telemetry: { captureContent: true }`). */
  readonly captureContent: boolean;
  /** Where each call's audit line goes, when the client has an audit log. */
  readonly audit: AuditLog | undefined;
  readonly accounting: Accounting;
  /** The transport, created on first use. */
  transport(): Transport;
}
