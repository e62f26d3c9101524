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
