import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createClient } from "../src/index.js";
import { resolveRegion } from "../src/region.js";
import { startLocalBedrock, type LocalBedrock } from "../src/testing/index.js";
import { haiku } from "./helpers.js";

const variables = ["AWS_REGION", "AWS_PROFILE", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "HOME"] as const;
const credentials = { accessKeyId: "AKIATESTKEY000000000", secretAccessKey: "test-secret" };

let home: string;
let saved: Record<string, string | undefined>;
let fileNumber = 0;

/** Points HOME and the SDK's config files at a fresh folder; `config` is the `~/.aws/config` text. */
function useConfigFile(config: string): void {
  fileNumber += 1;
  const configFile = join(home, `config-${fileNumber}`);
  writeFileSync(configFile, config);
  process.env.AWS_CONFIG_FILE = configFile;
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(home, "no-credentials-file");
}

/** The Region in a SigV4 `Authorization` header's credential scope (AKID/date/REGION/service/aws4_request). */
function signedRegion(authorization: string | string[] | undefined): string | undefined {
  return /Credential=[^/]+\/\d{8}\/([^/]+)\/bedrock\/aws4_request/.exec(String(authorization))?.[1];
}

beforeEach(() => {
  saved = Object.fromEntries(variables.map((name) => [name, process.env[name]]));
  home = mkdtempSync(join(tmpdir(), "bedrock-kit-region-"));
  for (const name of variables) delete process.env[name];
  process.env.HOME = home;
});

afterEach(() => {
  for (const name of variables) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  rmSync(home, { recursive: true, force: true });
});

describe("resolveRegion", () => {
  it("takes the explicit Region, then AWS_REGION, then the profile's Region, then us-east-1", async () => {
    useConfigFile("[default]\nregion = ap-southeast-2\n\n[profile work]\nregion = eu-west-1\n");
    process.env.AWS_PROFILE = "work";
    process.env.AWS_REGION = "us-west-2";
    expect(await resolveRegion("ca-central-1")).toBe("ca-central-1");
    expect(await resolveRegion()).toBe("us-west-2");
    delete process.env.AWS_REGION;
    expect(await resolveRegion()).toBe("eu-west-1");
    delete process.env.AWS_PROFILE;
    expect(await resolveRegion()).toBe("ap-southeast-2");
  });

  it("falls back to us-east-1 when no source names a Region", async () => {
    useConfigFile("[profile other]\nregion = eu-central-1\n");
    expect(await resolveRegion()).toBe("us-east-1");
  });
});

describe("a client without a region option", () => {
  let bedrock: LocalBedrock;
  beforeAll(async () => (bedrock = await startLocalBedrock()));
  afterAll(() => bedrock.close());

  it("signs for the Region of the AWS profile in AWS_CONFIG_FILE", async () => {
    useConfigFile("[default]\nregion = us-west-2\n\n[profile work]\nregion = eu-west-1\n");
    process.env.AWS_PROFILE = "work";
    const fm = createClient({ endpoint: bedrock.url, credentials });
    const before = bedrock.requests.length;
    await fm.invoke({ modelId: haiku, prompt: "Which Region?" });
    await fm.stream({ modelId: haiku, prompt: "Which Region?" }).result;
    const sent = bedrock.requests.slice(before);
    expect(sent.map((request) => request.operation)).toEqual(["invoke", "stream"]);
    expect(sent.map((request) => signedRegion(request.headers.authorization))).toEqual(["eu-west-1", "eu-west-1"]);
  });

  it("signs for the default profile's Region in ~/.aws/config when AWS_PROFILE is unset", async () => {
    mkdirSync(join(home, ".aws"));
    writeFileSync(join(home, ".aws", "config"), "[default]\nregion = ap-northeast-1\n");
    const fm = createClient({ endpoint: bedrock.url, credentials });
    const before = bedrock.requests.length;
    await fm.invoke({ modelId: haiku, prompt: "Which Region?" });
    expect(signedRegion(bedrock.requests[before]?.headers.authorization)).toBe("ap-northeast-1");
  });

  it("still signs for an explicit region option over the profile's", async () => {
    useConfigFile("[profile work]\nregion = eu-west-1\n");
    process.env.AWS_PROFILE = "work";
    const fm = createClient({ endpoint: bedrock.url, credentials, region: "eu-central-1" });
    const before = bedrock.requests.length;
    await fm.invoke({ modelId: haiku, prompt: "Which Region?" });
    expect(signedRegion(bedrock.requests[before]?.headers.authorization)).toBe("eu-central-1");
  });
});
