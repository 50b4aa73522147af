/**
 * Why an attachment was refused. `code` is stable (API responses, the reason an
 * inbound attachment shows as unavailable); `message` is for people.
 */
export type TStorageRefusal = "too_large" | "empty" | "type_not_allowed" | "bad_name" | "infected";

export class AttachmentRefused extends Error {
  override readonly name = "AttachmentRefused";
  constructor(
    readonly code: TStorageRefusal,
    message: string,
  ) {
    super(message);
  }
}

export const formatLimit = (bytes: number) => (bytes >= 1024 * 1024 ? `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB` : `${Math.round(bytes / 1024)} KB`);

export function tooLarge(limit: number): AttachmentRefused {
  return new AttachmentRefused("too_large", `The file is larger than the ${formatLimit(limit)} limit for attachments.`);
}
