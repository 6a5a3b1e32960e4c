import { describeConformance } from "./conformance.js";

// One model of every family; adding a family adds one line.
describeConformance("anthropic.claude-3-haiku-20240307-v1:0");
describeConformance("anthropic.claude-v2:1");
describeConformance("amazon.titan-text-express-v1");
describeConformance("us.amazon.nova-lite-v1:0");
describeConformance("amazon.nova-micro-v1:0");
