/**
 * Canned-response templates: `{{contact.name}}`, `{{agent.name}}`,
 * `{{conversation.id}}` and friends, with an optional fallback
 * (`{{contact.first_name | there}}`). Filled on the server from the real
 * conversation, in one pass: a value is never re-read as a template, so a contact
 * called "{{agent.name}}" stays exactly that. `\{{` writes a literal `{{`.
 */
export const CANNED_VARIABLES = [
  "contact.name",
  "contact.first_name",
  "contact.email",
  "contact.phone",
  "agent.name",
  "agent.first_name",
  "conversation.id",
] as const;
export type TCannedVariable = (typeof CANNED_VARIABLES)[number];
export type TCannedValues = Partial<Record<TCannedVariable, string | null | undefined>>;

const TOKEN = /\\\{\{|\{\{\s*([a-zA-Z_.]+)\s*(?:\|\s*([^{}]*?)\s*)?\}\}/g;

// Values come from outside (a contact's display name is whatever they typed): no
// control characters, no line breaks, no bidi overrides that would reorder the
// agent's own words around them.
const UNSAFE = /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g;

export function cleanValue(v: string): string {
  return v.replace(UNSAFE, " ").replace(/\s+/g, " ").trim();
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

const isKnown = (name: string): name is TCannedVariable => (CANNED_VARIABLES as readonly string[]).includes(name);

export type TFillResult = { text: string; missing: TCannedVariable[]; unknown: string[] };

export function fillTemplate(body: string, values: TCannedValues, opts: { escape?: "text" | "html" } = {}): TFillResult {
  const missing = new Set<TCannedVariable>();
  const unknown = new Set<string>();
  const out = (s: string) => (opts.escape === "html" ? escapeHtml(s) : s);
  const text = body.replace(TOKEN, (match, name: string | undefined, fallback: string | undefined) => {
    if (match === "\\{{") return "{{";
    if (!name || !isKnown(name)) {
      unknown.add(name ?? match);
      return match; // left visible so the agent notices the typo before sending
    }
    const value = values[name];
    const cleaned = value ? cleanValue(value) : "";
    if (cleaned) return out(cleaned);
    if (fallback !== undefined) return out(cleanValue(fallback));
    missing.add(name);
    return "";
  });
  return { text, missing: [...missing], unknown: [...unknown] };
}

export function firstName(name: string | null | undefined): string | null {
  const n = name ? cleanValue(name) : "";
  return n ? n.split(" ")[0]! : null;
}

/** The variables offered in the editor, with what each one becomes. */
export const CANNED_VARIABLE_HELP: Record<TCannedVariable, string> = {
  "contact.name": "Contact's full name",
  "contact.first_name": "Contact's first name",
  "contact.email": "Contact's email address",
  "contact.phone": "Contact's phone number",
  "agent.name": "Your name",
  "agent.first_name": "Your first name",
  "conversation.id": "Conversation reference",
};
