/**
 * JSONL files on S3: written as a stream (one PutObject for a small file, a multipart upload
 * in parts of {@link partBytes} for a large one, so memory holds one part at most) and read
 * back line by line.
 */
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import type { JobClients } from "./aws-clients.js";
import type { ChunkWriter } from "./batch-records.js";

/**
 * Bytes per uploaded part: over S3's 5 MiB minimum for every part but the last, and small
 * enough that 10,000 parts (S3's maximum) hold 80 GiB, far over a batch file's 1 GB
 * (Amazon S3 User Guide, "Amazon S3 multipart upload limits", read 2026-11-30).
 */
const partBytes = 8 * 1024 * 1024;

/** Writes one S3 object from lines, in order. */
export class S3LineWriter implements ChunkWriter {
  #lines: string[] = [];
  #buffered = 0;
  #uploadId: string | undefined;
  #parts: { ETag: string | undefined; PartNumber: number }[] = [];
  #finished = false;

  constructor(
    private readonly clients: JobClients,
    private readonly bucket: string,
    private readonly key: string,
    private readonly signal: AbortSignal,
    private readonly bytesPerPart = partBytes,
  ) {}

  async write(line: string): Promise<void> {
    this.#lines.push(line);
    this.#buffered += Buffer.byteLength(line, "utf8");
    if (this.#buffered >= this.bytesPerPart) await this.#uploadPart();
  }

  async #uploadPart(): Promise<void> {
    const { s3, sdk } = this.clients;
    const options = { abortSignal: this.signal };
    if (this.#uploadId === undefined) {
      const created = await s3.send(new sdk.s3.CreateMultipartUploadCommand({ Bucket: this.bucket, Key: this.key, ContentType: "application/jsonl" }), options);
      this.#uploadId = created.UploadId;
    }
    const body = Buffer.from(this.#lines.join(""), "utf8");
    this.#lines = [];
    this.#buffered = 0;
    const PartNumber = this.#parts.length + 1;
    const uploaded = await s3.send(new sdk.s3.UploadPartCommand({ Bucket: this.bucket, Key: this.key, UploadId: this.#uploadId, PartNumber, Body: body }), options);
    this.#parts.push({ ETag: uploaded.ETag, PartNumber });
  }

  async finish(): Promise<void> {
    const { s3, sdk } = this.clients;
    const options = { abortSignal: this.signal };
    if (this.#uploadId === undefined) {
      await s3.send(new sdk.s3.PutObjectCommand({ Bucket: this.bucket, Key: this.key, Body: this.#lines.join(""), ContentType: "application/jsonl" }), options);
    } else {
      if (this.#buffered > 0) await this.#uploadPart();
      await s3.send(new sdk.s3.CompleteMultipartUploadCommand({ Bucket: this.bucket, Key: this.key, UploadId: this.#uploadId, MultipartUpload: { Parts: this.#parts } }), options);
    }
    this.#lines = [];
    this.#finished = true;
  }

  /** Deletes the object, or aborts its unfinished multipart upload (so S3 keeps no parts). */
  async abort(): Promise<void> {
    const { s3, sdk } = this.clients;
    this.#lines = [];
    if (this.#finished) await s3.send(new sdk.s3.DeleteObjectCommand({ Bucket: this.bucket, Key: this.key }));
    else if (this.#uploadId !== undefined) await s3.send(new sdk.s3.AbortMultipartUploadCommand({ Bucket: this.bucket, Key: this.key, UploadId: this.#uploadId }));
  }
}

/** The keys under a prefix, in S3's (lexicographic) order. */
export async function listKeys(clients: JobClients, bucket: string, prefix: string, signal?: AbortSignal): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await clients.s3.send(new clients.sdk.s3.ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }), { abortSignal: signal });
    for (const item of page.Contents ?? []) if (item.Key !== undefined) keys.push(item.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  return keys;
}

/** The non-empty lines of an S3 object, streamed. */
export async function* readLines(clients: JobClients, bucket: string, key: string, signal?: AbortSignal): AsyncGenerator<string> {
  const object = await clients.s3.send(new clients.sdk.s3.GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
  const lines = createInterface({ input: object.Body as Readable, crlfDelay: Infinity });
  for await (const line of lines) if (line.trim() !== "") yield line;
}
