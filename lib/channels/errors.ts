/**
 * Problems found while checking what an admin entered against a provider.
 * `FieldProblem` belongs next to one form field (the action turns it into a
 * validation error for that field); `ProviderProblem` is shown above the form.
 * Messages are written for the admin and never contain secrets.
 */
export class FieldProblem extends Error {
  override readonly name = "FieldProblem";
  constructor(
    /** Dotted path of the field in the action's input (`imap.pass`). */
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export class ProviderProblem extends Error {
  override readonly name = "ProviderProblem";
}
