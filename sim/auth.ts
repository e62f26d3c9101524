/**
 * SigV4 verification: the access key names the principal (and so the account), the credential scope names the
 * region and service, and the signature is recomputed with the principal's secret and compared.
 * Error codes follow each protocol family: awsQuery services answer InvalidClientTokenId / SignatureDoesNotMatch /
 * ExpiredToken (HTTP 403), JSON services UnrecognizedClientException / InvalidSignatureException /
 * ExpiredTokenException (HTTP 400) — the codes the SDKs' error classes carry.
 */
import { Hash } from "@smithy/hash-node";
import { SignatureV4 } from "@smithy/signature-v4";
import { SimError } from "./errors.ts";
import type { Protocol } from "./protocol.ts";
import type { Credential, World } from "./state.ts";

export interface ParsedAuth {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

const AUTH_RE =
  /^AWS4-HMAC-SHA256\s+Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([^,]+),\s*Signature=([0-9a-f]{64})$/;

export function parseAuthorization(header: string | undefined): ParsedAuth | undefined {
  if (!header) return undefined;
  const m = AUTH_RE.exec(header.trim());
  if (!m) return undefined;
  return {
    accessKeyId: m[1]!,
    date: m[2]!,
    region: m[3]!,
    service: m[4]!,
    signedHeaders: m[5]!.split(";"),
    signature: m[6]!,
  };
}

export function authError(
  kind: "missing" | "unknown" | "signature" | "expired" | "skew",
  protocol: Protocol,
  detail = "",
): SimError {
  const query = protocol === "query";
  switch (kind) {
    case "missing":
      return query
        ? new SimError("MissingAuthenticationToken", "Request is missing Authentication Token", 403)
        : new SimError("MissingAuthenticationTokenException", "Missing Authentication Token", 403);
    case "unknown":
      return query
        ? new SimError("InvalidClientTokenId", "The security token included in the request is invalid.", 403)
        : new SimError(
            "UnrecognizedClientException",
            "The security token included in the request is invalid.",
            400,
          );
    case "signature": {
      const msg =
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
      return query
        ? new SimError("SignatureDoesNotMatch", msg, 403)
        : new SimError("InvalidSignatureException", msg, 400);
    }
    case "expired":
      return query
        ? new SimError("ExpiredToken", "The security token included in the request is expired", 403)
        : new SimError("ExpiredTokenException", "The security token included in the request is expired", 400);
    case "skew":
      return query
        ? new SimError("SignatureDoesNotMatch", detail, 403)
        : new SimError("InvalidSignatureException", detail, 400);
  }
}

/**
 * The signing window: "In most cases, a request must reach AWS within five minutes of the time stamp in the request"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_aws-signing.html), in both directions. The 15 minutes
 * some services allow (Amazon S3's RequestTimeTooSkewed; the "RequestExpired" of the Common Errors pages) are not
 * the simulated services' window: CloudTrail, CloudWatch Logs and the others answer
 * "Signature expired: 20160610T180547Z is now earlier than 20160610T180612Z (20160610T181112Z - 5 min.)"
 * (https://github.com/hassy/artillery-dino/issues/2, https://github.com/remind101/logspout-kinesis/issues/21).
 */
export const MAX_SKEW_MS = 5 * 60 * 1000;

const basicIso = (ms: number) => new Date(ms).toISOString().replace(/[-:]|\.\d{3}/g, "");

/** AWS's wording for a signature outside the window, earlier or later than the server's clock. */
function skewMessage(amzDate: string, signedMs: number, nowMs: number): string {
  return signedMs < nowMs
    ? `Signature expired: ${amzDate} is now earlier than ${basicIso(nowMs - MAX_SKEW_MS)} (${basicIso(nowMs)} - 5 min.)`
    : `Signature not yet current: ${amzDate} is still later than ${basicIso(nowMs + MAX_SKEW_MS)} (${basicIso(nowMs)} + 5 min.)`;
}

export async function authenticate(
  world: World,
  req: {
    method: string;
    path: string;
    query: Record<string, string>;
    headers: Record<string, string>;
    body: string;
  },
  auth: ParsedAuth,
  protocol: Protocol,
  nowMs: number,
): Promise<Credential> {
  const cred = world.credentials.get(auth.accessKeyId);
  if (!cred) throw authError("unknown", protocol);
  const token = req.headers["x-amz-security-token"];
  if (cred.sessionToken !== undefined && token !== cred.sessionToken) throw authError("unknown", protocol);
  if (cred.sessionToken === undefined && token !== undefined) throw authError("unknown", protocol);
  if (cred.expiresAt !== undefined && nowMs >= cred.expiresAt) throw authError("expired", protocol);

  const amzDate = req.headers["x-amz-date"];
  if (!amzDate) throw authError("signature", protocol);
  const signingDate = parseAmzDate(amzDate);
  if (!signingDate) throw authError("signature", protocol);
  if (Math.abs(signingDate.getTime() - nowMs) > MAX_SKEW_MS) {
    throw authError("skew", protocol, skewMessage(amzDate, signingDate.getTime(), nowMs));
  }

  const headers: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    const value = req.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: cred.accessKeyId,
      secretAccessKey: cred.secretAccessKey,
      ...(cred.sessionToken ? { sessionToken: cred.sessionToken } : {}),
    },
    region: auth.region,
    service: auth.service,
    // Node's native hashing: the pure-JS SHA-256 made signature checks the simulator's bottleneck.
    sha256: Hash.bind(null, "sha256"),
    applyChecksum: false,
  });
  const signed = await signer.sign(
    {
      method: req.method,
      protocol: "http:",
      hostname: (req.headers.host ?? "").split(":")[0] ?? "",
      path: req.path,
      query: req.query,
      headers,
      body: req.body,
    },
    { signingDate, signableHeaders: new Set(auth.signedHeaders) },
  );
  const expected = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization ?? ""))?.[1];
  if (expected !== auth.signature) throw authError("signature", protocol);
  return cred;
}

function parseAmzDate(v: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(v);
  if (!m) return undefined;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}
