import { connect } from "node:http2";

/** One POST over cleartext HTTP/2 with prior knowledge. */
export function request(origin: string, path: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const session = connect(origin);
    session.on("error", reject);
    const stream = session.request({ ":method": "POST", ":path": path, "content-type": "application/json" });
    let status = 0;
    let text = "";
    stream.on("response", (headers) => (status = Number(headers[":status"])));
    stream.setEncoding("utf8");
    stream.on("data", (part: string) => (text += part));
    stream.on("end", () => {
      session.close();
      resolve({ status, body: text });
    });
    stream.on("error", reject);
    stream.end(body);
  });
}
