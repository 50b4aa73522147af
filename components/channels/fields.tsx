import { FieldError, inputClass } from "@/components/ui/form";

/**
 * Labelled inputs for the connect forms: each error is tied to its input with
 * aria-describedby and aria-invalid, so screen readers announce it with the field.
 */
type TErrors = { _errors?: string[] } | undefined;

export function TextField({
  id,
  name,
  label,
  hint,
  errors,
  type = "text",
  defaultValue,
  placeholder,
  autoComplete = "off",
  required,
  mono,
  inputMode,
}: {
  id: string;
  name: string;
  label: string;
  hint?: React.ReactNode;
  errors?: TErrors;
  type?: "text" | "password" | "email" | "number" | "tel" | "url";
  defaultValue?: string | number;
  placeholder?: string;
  autoComplete?: string;
  required?: boolean;
  mono?: boolean;
  inputMode?: "numeric" | "tel" | "email" | "text";
}) {
  const errorId = `${id}-error`;
  const hintId = hint ? `${id}-hint` : undefined;
  const invalid = Boolean(errors?._errors?.length);
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
        {required ? <span className="text-slate-400"> *</span> : null}
      </label>
      <input
        id={id}
        name={name}
        type={type}
        defaultValue={defaultValue}
        placeholder={placeholder}
        autoComplete={autoComplete}
        inputMode={inputMode}
        spellCheck={false}
        aria-invalid={invalid || undefined}
        aria-describedby={[hintId, invalid ? errorId : null].filter(Boolean).join(" ") || undefined}
        className={`${inputClass} ${mono ? "font-mono text-sm" : ""} ${invalid ? "border-red-500!" : ""}`}
      />
      {hint ? (
        <p id={hintId} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      <FieldError id={errorId} errors={errors?._errors} />
    </div>
  );
}

export function CheckboxField({ id, name, label, hint, defaultChecked, onChange }: { id: string; name: string; label: string; hint?: string; defaultChecked?: boolean; onChange?: (checked: boolean) => void }) {
  return (
    <div className="flex items-start gap-3">
      <input
        id={id}
        name={name}
        type="checkbox"
        defaultChecked={defaultChecked}
        onChange={(e) => onChange?.(e.currentTarget.checked)}
        aria-describedby={hint ? `${id}-hint` : undefined}
        className="mt-1 h-4 w-4 rounded border-slate-300 text-brand-600"
      />
      <div>
        <label htmlFor={id} className="text-sm font-medium text-slate-800">
          {label}
        </label>
        {hint ? (
          <p id={`${id}-hint`} className="text-xs text-slate-500">
            {hint}
          </p>
        ) : null}
      </div>
    </div>
  );
}

export function SandboxField({ defaultChecked, onChange }: { defaultChecked?: boolean; onChange?: (checked: boolean) => void }) {
  return (
    <div className="rounded-lg border border-amber-200 bg-amber-50 p-3">
      <CheckboxField
        id="sandbox"
        name="sandbox"
        label="Sandbox (no live credentials)"
        hint="For demos and tests: nothing is checked with the provider, and outgoing messages go to the sandbox, which records what would have been sent."
        defaultChecked={defaultChecked}
        onChange={onChange}
      />
    </div>
  );
}

export const str = (f: FormData, k: string) => String(f.get(k) ?? "");
export const bool = (f: FormData, k: string) => f.get(k) === "on";
