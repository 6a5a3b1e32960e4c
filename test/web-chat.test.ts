/**
 * The web chat example end to end in a real browser: Debian's Chromium, headless, driven by
 * playwright-core, against the example's server and the offline Bedrock. The screenshot is
 * kept in test-results/web-chat.png. Without Chromium the test is skipped locally and fails
 * in CI (where .ci/run installs it).
 */
import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chatModels, startWebChat, telecomKnowledgeBase, type WebChat } from "../examples/web-chat/server.js";
import { createClient } from "../src/index.js";
import { startLocalBedrock, type LocalBedrock } from "../src/testing/index.js";

const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const available = existsSync(executablePath);
if (!available && process.env.CI) throw new Error(`Chromium is not at ${executablePath}: .ci/run installs it with apt`);

let bedrock: LocalBedrock;
let chat: WebChat;
let browser: BrowserContext;

describe.skipIf(!available)("the web chat example in headless Chromium", () => {
  beforeAll(async () => {
    bedrock = await startLocalBedrock();
    const fm = createClient(bedrock.clientOptions);
    chat = await startWebChat(fm, 0, await telecomKnowledgeBase(fm));
    // A fresh profile folder each run (playwright passes it as --user-data-dir).
    browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "bedrock-kit-chromium-")), {
      executablePath,
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await chat?.close();
    await bedrock?.close();
  });

  it("streams an answer into the page with tokens and cost, and hot-swaps the model", async () => {
    const page = await browser.newPage();
    await page.goto(chat.url);
    await page.fill("#prompt", "Why is my BGP circuit down?");
    await page.click("#send");
    await page.waitForSelector('#meta[data-done="true"]', { timeout: 20_000 });
    const answer = await page.textContent("#answer");
    const meta = await page.textContent("#meta");
    expect(answer?.trim().length).toBeGreaterThan(10);
    expect(meta).toMatch(new RegExp(`^${chatModels[0]!.replace(/[.]/g, "\\.")}: \\d+ in / \\d+ out tokens, \\$\\d+\\.\\d{6}$`));
    const streamed = bedrock.requests.filter((request) => request.operation === "stream").at(-1)!;
    expect(streamed.modelId).toBe(chatModels[0]);

    // The same question to another family: one changed string on the page.
    await page.selectOption("#model", chatModels[1]!);
    await page.evaluate('delete document.getElementById("meta").dataset.done');
    await page.click("#send");
    await page.waitForSelector('#meta[data-done="true"]', { timeout: 20_000 });
    expect(await page.textContent("#meta")).toContain(chatModels[1]!);
    expect(bedrock.requests.filter((request) => request.operation === "stream").at(-1)!.modelId).toBe(chatModels[1]);

    mkdirSync("test-results", { recursive: true });
    await page.screenshot({ path: join("test-results", "web-chat.png"), fullPage: true });
    expect(existsSync(join("test-results", "web-chat.png"))).toBe(true);
  }, 60_000);

  it("answers from the knowledge base with its sources", async () => {
    const page = await browser.newPage();
    await page.goto(chat.url);
    await page.check("#kb");
    await page.fill("#prompt", "Why is my BGP circuit down?");
    await page.click("#send");
    await page.waitForSelector('#meta[data-done="true"]', { timeout: 20_000 });
    expect((await page.textContent("#answer"))?.trim().length).toBeGreaterThan(10);
    const sources = await page.$$eval("#sources li", (items) => items.map((item) => item.textContent));
    expect(sources).toContain("bgp-circuit-down.md");
    mkdirSync("test-results", { recursive: true });
    await page.screenshot({ path: join("test-results", "web-chat-knowledge-base.png"), fullPage: true });
  }, 60_000);

  it("shows an error from the server without breaking the page", async () => {
    const page = await browser.newPage();
    await page.goto(chat.url);
    await page.click("#send");
    await page.waitForFunction('document.getElementById("error").textContent !== ""', undefined, { timeout: 10_000 });
    expect(await page.textContent("#error")).toContain("write a question");
  }, 30_000);
});
