/**
 * `bedrock-kit/testing`: the offline Bedrock, for tests, examples and demos.
 * @module
 */
export { startLocalBedrock } from "./server.js";
export type { LocalBedrock, LocalBedrockOptions, ReceivedRequest } from "./server.js";
export type { Fault, FaultScope } from "./faults.js";
export type { StreamExceptionType } from "./event-stream.js";
