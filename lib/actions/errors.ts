/**
 * Errors whose message is safe to show to the user. Anything else thrown inside an
 * action becomes a generic message (and a log line with the request id).
 */
export class ActionError extends Error {
  constructor(
    public readonly code: "unauthenticated" | "not_found" | "forbidden" | "conflict" | "invalid" | "rate_limited" | "expired",
    message: string,
  ) {
    super(message);
    this.name = "ActionError";
  }
}

export const GENERIC_ACTION_ERROR = "Something went wrong. Please try again.";
