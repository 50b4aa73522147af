import "server-only";
import { returnValidationErrors } from "next-safe-action";
import { ActionError } from "@/lib/actions/errors";
import { FieldProblem, ProviderProblem } from "./errors";

/**
 * Runs a connect service inside an action: a provider's verdict on one field
 * becomes a validation error on that field (shown next to it, like zod's), a
 * general provider problem a message above the form.
 */
export async function withFieldProblems<T>(schema: Parameters<typeof returnValidationErrors>[0], work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof FieldProblem) {
      const errors: Record<string, unknown> = {};
      let node = errors;
      const path = e.field.split(".");
      path.forEach((key, i) => {
        node[key] = i === path.length - 1 ? { _errors: [e.message] } : {};
        node = node[key] as Record<string, unknown>;
      });
      returnValidationErrors(schema, errors as never);
    }
    if (e instanceof ProviderProblem) throw new ActionError("invalid", e.message);
    throw e;
  }
}
