/** Errors raised by simulator handlers; the protocol layer renders them in each service's own wire shape. */
export type Fault = "Sender" | "Receiver";

export class SimError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly fault: Fault = status >= 500 ? "Receiver" : "Sender",
  ) {
    super(message);
    this.name = code;
  }
}

export const validation = (message: string, code = "ValidationException"): SimError =>
  new SimError(code, message, 400);

export const internalFailure = (service: string): SimError =>
  new SimError(
    service === "sts" || service === "sns" || service === "monitoring"
      ? "InternalFailure"
      : "InternalFailureException",
    "We encountered an internal error. Please try again.",
    500,
  );

/**
 * Errors no service model lists, which the request pipeline answers before (or instead of) any operation, with the
 * HTTP status AWS gives them: "Common Errors" of the API references (for example
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CommonErrors.html: InvalidAction 400,
 * InvalidClientTokenId 403, InternalFailure 500, ServiceUnavailable 503, ValidationError 400) and, for the JSON
 * protocols, what the services answer as reported by SDK users ("InvalidSignatureException: Signature expired ...
 * status code: 400", https://github.com/remind101/logspout-kinesis/issues/21).
 */
export const PROTOCOL_ERRORS = {
  json: {
    MissingAuthenticationTokenException: 403,
    UnrecognizedClientException: 400,
    InvalidSignatureException: 400,
    ExpiredTokenException: 400,
    UnknownOperationException: 400,
    UnknownServiceException: 400,
    SerializationException: 400,
    InternalFailureException: 500,
    ServiceUnavailable: 503,
  },
  query: {
    MissingAuthenticationToken: 403,
    InvalidClientTokenId: 403,
    SignatureDoesNotMatch: 403,
    ExpiredToken: 403,
    InvalidAction: 400,
    InternalFailure: 500,
    ServiceUnavailable: 503,
  },
} as const satisfies Record<"json" | "query", Record<string, number>>;
