import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/log.ts";

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, logger: createLogger({ level: "debug", destination }) };
}

const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const TOKEN = "FwoGZXIvYXdzEXAMPLESESSIONTOKEN";

describe("logger redaction", () => {
  it.each([
    [
      "SDK credentials",
      { credentials: { accessKeyId: "ASIAEXAMPLE", secretAccessKey: SECRET, sessionToken: TOKEN } },
    ],
    ["AssumeRole output", { out: { Credentials: { SecretAccessKey: SECRET, SessionToken: TOKEN } } }],
    ["an AssumeRole input", { params: { RoleArn: "arn:aws:iam::1:role/x", ExternalId: SECRET } }],
    ["request headers", { req: { headers: { authorization: SECRET, "x-amz-security-token": TOKEN } } }],
  ])("keeps secrets of %s out of the log", (_label, obj) => {
    const { lines, logger } = capture();
    logger.info(obj, "something happened");
    logger.flush();
    const text = lines.join("");
    expect(text).toContain("something happened");
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(TOKEN);
  });
});

describe("readable logs for a terminal", () => {
  it("writes one line a message, not JSON, still without secrets", () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = createLogger({ level: "info", destination, pretty: true });
    logger.info(
      {
        accountId: "222222222222",
        error: { code: "AccessDenied" },
        credentials: { secretAccessKey: SECRET },
      },
      "audit role not assumable",
    );
    const text = lines.join("");
    expect(text.trimEnd().split("\n")).toHaveLength(1);
    expect(() => JSON.parse(text) as unknown).toThrow(SyntaxError);
    expect(text).toMatch(/INFO.*audit role not assumable.*"accountId":"222222222222".*"code":"AccessDenied"/);
    expect(text).not.toContain(SECRET);
  });
});
