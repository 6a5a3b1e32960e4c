/** What every route of the offline Bedrock shares: the request and response types of HTTP/1.1 and h2c, and reading a body. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Http2ServerRequest, Http2ServerResponse } from "node:http2";

/** A request over HTTP/1.1 or cleartext HTTP/2. */
export type AnyRequest = IncomingMessage | Http2ServerRequest;

/** A response over HTTP/1.1 or cleartext HTTP/2. */
export type AnyResponse = ServerResponse | Http2ServerResponse;

/** The request's whole body as UTF-8. */
export function readBody(request: AnyRequest): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    request.on("data", (part: Buffer) => parts.push(part));
    request.on("end", () => resolve(Buffer.concat(parts).toString("utf8")));
    request.on("error", reject);
  });
}
