/** `kb ingest`, `kb sync` and `kb ask`: a knowledge base in a folder, from the shell. */
import { relative } from "node:path";
import type { Command } from "commander";
import { createKnowledgeBase, fileStore, type KnowledgeBase, type IngestReport } from "../rag/index.js";
import type { BedrockKitClient } from "../index.js";
import { optionsOf, textArgument, wholeNumber } from "./input.js";
import { formatUsd, printJson, type Output } from "./output.js";
import { withSession } from "./session.js";

/** Options every `kb` command takes. */
interface StoreOptions {
  store: string;
  embedding: string;
  dimensions: string;
}

/** The knowledge base in the `--store` folder, built (or checked) with the embedding model given. */
function openKnowledgeBase(fm: BedrockKitClient, options: StoreOptions): Promise<KnowledgeBase> {
  return createKnowledgeBase({ client: fm, embedding: { modelId: options.embedding, dimensions: wholeNumber(options.dimensions, "--dimensions") }, store: fileStore({ path: options.store }) });
}

/** A progress line on stderr that rewrites itself on a terminal, one line per file otherwise. */
function progressLine(output: Output): (text: string) => void {
  return (text) => output.error(output.colour ? `\r\u001b[2K${text}` : `${text}\n`);
}

/** Prints an ingest's report. */
function printReport(output: Output, report: IngestReport, json: boolean | undefined): void {
  if (json) return printJson(output, report);
  if (output.colour) output.error("\n");
  output.out(`${report.added} added, ${report.updated} updated, ${report.unchanged} unchanged, ${report.removed} removed; ${report.chunks} chunks, ${report.inputTokens} tokens, ${formatUsd(report.cost?.totalUsd)}\n`);
  for (const failure of report.failures) output.out(`could not read ${failure.path}: ${failure.reason}\n`);
}

/** Adds the knowledge-base commands. */
export function addKnowledgeBaseCommands(program: Command, output: Output): void {
  const kb = program
    .command("kb")
    .description("a knowledge base in a folder: ingest documents, ask questions with sources")
    .requiredOption("--store <dir>", "the knowledge base's folder")
    .option("--embedding <id>", "embedding model (the store remembers it)", "amazon.titan-embed-text-v2:0")
    .option("--dimensions <n>", "vector size", "1024");

  for (const name of ["ingest", "sync"] as const) {
    kb.command(name)
      .description(name === "ingest" ? "add PDF, DOCX, HTML, Markdown and text files (folders too)" : "make the store match these files and folders (changed files re-read, deleted ones removed)")
      .argument("<path...>", "files and folders")
      .action(async (paths: string[], _options, command: Command) => {
        const options = optionsOf<StoreOptions>(command);
        await withSession(options, async (fm) => {
          const knowledgeBase = await openKnowledgeBase(fm, options);
          const show = progressLine(output);
          let files = 0;
          const onProgress = (step: { phase: string; path?: string | undefined }): void => {
            if (step.phase === "read") show(`read ${++files} file(s)${step.path ? `: ${relative(process.cwd(), step.path)}` : ""}`);
          };
          const report = name === "ingest" ? await knowledgeBase.ingest(paths, { onProgress }) : await knowledgeBase.sync(paths, { onProgress });
          await knowledgeBase.close();
          printReport(output, report, options.json);
        });
      });
  }

  kb.command("ask")
    .description("answer a question from the knowledge base, with the names of its sources")
    .option("-m, --model <id>", "the model that writes the answer", "us.amazon.nova-lite-v1:0")
    .argument("[question...]", "the question (default: standard input)")
    .action(async (words: string[], _options, command: Command) => {
      const options = optionsOf<StoreOptions & { model: string }>(command);
      const question = await textArgument(words, "question");
      await withSession(options, async (fm) => {
        const knowledgeBase = await openKnowledgeBase(fm, options);
        const answer = await knowledgeBase.retrieveAndGenerate(question, { modelId: options.model });
        await knowledgeBase.close();
        const sources = [...new Set(answer.references.map((reference) => `${reference.location.uri ?? "?"}${reference.location.page === undefined ? "" : ` (page ${reference.location.page})`}`))];
        if (options.json) return printJson(output, { text: answer.text, citations: answer.citations, sources, usage: answer.usage, cost: answer.cost });
        output.out(`${answer.text}\n\nSources:\n${sources.map((source) => `  ${source}`).join("\n")}\n`);
        output.error(`[${formatUsd(answer.cost?.totalUsd)}]\n`);
      });
    });
}
