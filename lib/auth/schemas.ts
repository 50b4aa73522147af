import { z } from "zod";

export const ZEmail = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "That address is too long.")
  .pipe(z.email("Enter a valid email address."));

/** Only same-site relative paths: an open redirect would turn our sign-in mail into a phishing vector. */
export const ZCallbackPath = z
  .string()
  .max(512)
  .regex(/^\/(?![/\\])[^\s]*$/, "Invalid return path.")
  .optional()
  .catch(undefined);

export const ZRequestSignIn = z.object({ email: ZEmail, callbackUrl: ZCallbackPath });
export type TRequestSignIn = z.infer<typeof ZRequestSignIn>;
