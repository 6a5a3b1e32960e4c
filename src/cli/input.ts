/** Reading a command's text: its arguments, or standard input when none were given. */
import type { Command } from "commander";
import type { GlobalOptions } from "./session.js";

/** Bad usage found by the CLI itself (exit code 2). */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** A failure the command has already reported in full (exit code 1, nothing more printed). */
export class ReportedFailure extends Error {
  override readonly name = "ReportedFailure";
}

/** The words given, joined; standard input when none were given and it is not a terminal. */
export async function textArgument(words: string[], what: string): Promise<string> {
  if (words.length > 0) return words.join(" ");
  if (process.stdin.isTTY) throw new UsageError(`give the ${what} as an argument or on standard input`);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8").replace(/\n$/, "");
  if (text === "") throw new UsageError(`give the ${what} as an argument or on standard input`);
  return text;
}

/** The options of a command merged with the program's global ones. */
export function optionsOf<Options>(command: Command): Options & GlobalOptions {
  return command.optsWithGlobals<Options & GlobalOptions>();
}

/** Parses a whole number option, or throws naming it. */
export function wholeNumber(value: string, name: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new UsageError(`${name} expects a whole number, got ${JSON.stringify(value)}`);
  return number;
}

/** Parses a number option, or throws naming it. */
export function decimalNumber(value: string, name: string): number {
  const number = Number(value);
  if (!Number.isFinite(number)) throw new UsageError(`${name} expects a number, got ${JSON.stringify(value)}`);
  return number;
}

/** True for a plain object (a parsed JSON object). */
export function isRecordLike(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
