import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

/** GitHub caps webhook payloads at 25 MB; anything larger is not a GitHub delivery. */
const MAX_PAYLOAD_BYTES = 25 * 1024 * 1024;

export function signatureMatches(secret: string, payload: Buffer, header: string | undefined): boolean {
  if (header === undefined || !/^sha256=[0-9a-f]{64}$/.test(header)) return false;
  const expected = Buffer.from(`sha256=${createHmac("sha256", secret).update(payload).digest("hex")}`);
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * Checks a delivery's `X-Hub-Signature-256` before Probot sees it. A delivery without a valid
 * signature gets a 401 and one log line naming the delivery; its body is never parsed, logged or
 * acted on (Probot's own rejection would log the whole payload). A valid body is handed on as
 * `req.body`, which Probot's webhook middleware reads instead of the consumed stream.
 */
export function webhookSignatureGate(secret: string, path: string, log: (line: string) => void) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    if (req.method !== "POST" || req.url?.split("?")[0] !== path) return false;
    const body = await readBody(req);
    const delivery = String(req.headers["x-github-delivery"] ?? "").replace(/[^A-Za-z0-9-]/g, "").slice(0, 64) || "(no id)";
    const header = req.headers["x-hub-signature-256"];
    if (body === null || !signatureMatches(secret, body, typeof header === "string" ? header : undefined)) {
      log(`rejected webhook delivery ${delivery}: ${body === null ? "payload too large" : header === undefined ? "no X-Hub-Signature-256 header" : "signature does not match"}`);
      res.writeHead(body === null ? 413 : 401, { "content-type": "application/json" }).end(JSON.stringify({ error: "invalid webhook signature" }));
      return true;
    }
    (req as IncomingMessage & { body?: string }).body = body.toString("utf8");
    return false;
  };
}

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_PAYLOAD_BYTES) chunks.push(chunk);
    });
    req.on("end", () => resolve(size > MAX_PAYLOAD_BYTES ? null : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
