/** Checks of the fields every job request shares: S3 locations, the service role, the job name. */
import { ValidationError } from "../errors.js";

/** An S3 location split into bucket and key prefix. */
export interface S3Location {
  bucket: string;
  /** The key prefix, "" or ending in `/`. */
  prefix: string;
}

/**
 * `s3://bucket/prefix/`: a bucket name as S3 names them (3–63 characters: lower-case
 * letters, digits, dots and hyphens, starting and ending with a letter or digit; Amazon S3
 * User Guide, "General purpose bucket naming rules", read 2026-11-30) and a folder (a key
 * prefix ending in `/`, or none).
 */
const folderUri = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/((?:[^/]+\/)*)$/;

/** An S3 object URI: bucket, then a key. */
const objectUri = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(.+)$/;

/** A `ValidationError` naming the field; never quotes its value beyond its shape. */
export function invalidField(field: string, expected: string): never {
  throw new ValidationError(`Invalid ${field}: expected ${expected}`, { field });
}

/** Parses a folder URI (`s3://bucket/prefix/`), or throws a `ValidationError` naming `field`. */
export function checkFolderUri(field: string, value: unknown): S3Location {
  const match = typeof value === "string" ? folderUri.exec(value) : null;
  if (!match) invalidField(field, "an S3 folder URI such as s3://bucket/prefix/ (ending in /)");
  return { bucket: match[1]!, prefix: match[2] ?? "" };
}

/** Parses an object URI (`s3://bucket/key`), or throws a `ValidationError` naming `field`. */
export function checkObjectUri(field: string, value: unknown): { bucket: string; key: string } {
  const match = typeof value === "string" ? objectUri.exec(value) : null;
  if (!match || match[2]!.endsWith("/")) invalidField(field, "an S3 object URI such as s3://bucket/path/file.jsonl");
  return { bucket: match[1]!, key: match[2]! };
}

/** An S3 URI from a bucket and a key. */
export function s3Uri(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}

/**
 * An IAM role ARN, `arn:<partition>:iam::<12-digit account>:role/<path/name>` (IAM User
 * Guide, "IAM identifiers", read 2026-11-30): the service role Bedrock assumes to read and
 * write the S3 locations.
 */
const roleArnPattern = /^arn:aws(-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

/** Checks `roleArn`. */
export function checkRoleArn(value: unknown): string {
  if (typeof value !== "string" || !roleArnPattern.test(value)) invalidField("roleArn", "an IAM role ARN such as arn:aws:iam::123456789012:role/BedrockBatchRole");
  return value;
}

/**
 * A job name as CreateModelInvocationJob and CreateModelCustomizationJob take it: 1–63
 * characters, letters, digits and hyphens, starting with a letter or digit (the APIs'
 * `jobName` pattern `[a-zA-Z0-9]{1,63}(-*[a-zA-Z0-9\+\-\.]){0,63}`, Bedrock API Reference,
 * read 2026-11-30; bedrock-kit keeps to the plainer subset). `reserve` characters stay free
 * for the `-2`, `-3` … suffix of a split batch.
 */
export function checkJobName(value: unknown, reserve = 0): string | undefined {
  if (value === undefined) return undefined;
  const longest = 63 - reserve;
  if (typeof value !== "string" || !/^[a-zA-Z0-9][a-zA-Z0-9-]*$/.test(value) || value.length > longest) {
    invalidField("jobName", `1 to ${longest} letters, digits and hyphens, starting with a letter or digit`);
  }
  return value;
}

/** A job name bedrock-kit makes when none is given: `bedrock-kit-<kind>-<time>-<random>`. */
export function generatedJobName(kind: string): string {
  const time = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  return `bedrock-kit-${kind}-${time}-${Math.random().toString(36).slice(2, 8)}`;
}
