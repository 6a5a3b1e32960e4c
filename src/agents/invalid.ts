/** What every agents module refuses with: one ValidationError shape, and Bedrock's tool-name rule. */
import { ValidationError } from "../index.js";

/** A tool name Bedrock takes: 1–64 letters, digits, `_` or `-` (the Converse/Claude `name` pattern). */
export const toolNamePattern = /^[a-zA-Z0-9_-]{1,64}$/;

/** Throws `ValidationError` naming the option `field` and what was wrong with it. */
export function fail(field: string, message: string): never {
  throw new ValidationError(`Invalid ${field}: ${message}`, { field });
}
