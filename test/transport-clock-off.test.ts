/**
 * `AWS_DISABLE_CLOCK_SKEW_CORRECTION`: the AWS SDK reads it once per process, on the first
 * signed request, so this file sets it before any client exists (vitest runs each file in its
 * own process).
 */
import { describe, expect, it } from "vitest";
import { createClient } from "../src/index.js";
import { amzDate, haiku, startSkewedBedrock } from "./helpers.js";

process.env.AWS_DISABLE_CLOCK_SKEW_CORRECTION = "true";

describe("clock skew correction turned off", () => {
  it("keeps signing by this machine's clock whatever Bedrock's Date header says, as the SDK does", async () => {
    const skewMs = 2 * 60 * 60 * 1000;
    const { url, received, close } = await startSkewedBedrock(skewMs);
    try {
      const client = createClient({ endpoint: url, region: "us-east-1", credentials: { accessKeyId: "AKIACLOCKTEST0000000", secretAccessKey: "clock-test-secret" }, maxRetries: 0 });
      await client.invoke({ modelId: haiku, prompt: "What time is it?" });
      await client.invoke({ modelId: haiku, prompt: "And now?" });
      expect(received).toHaveLength(2);
      for (const headers of received) expect(Math.abs(amzDate(headers) - Date.now())).toBeLessThan(60_000);
    } finally {
      close();
    }
  });
});
