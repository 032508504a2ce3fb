/** The 6-digit one-time code input: the phone's number pad, and the code offered by the OS when it can. */
export function CodeField({
  label,
  value,
  onChange,
  autoFocus = false,
}: {
  label: string;
  value: string;
  onChange: (code: string) => void;
  autoFocus?: boolean;
}) {
  return (
    <label>
      {label}
      <input
        name="one-time-code"
        className="code-input"
        inputMode="numeric"
        autoComplete="one-time-code"
        pattern="[0-9]*"
        maxLength={6}
        // biome-ignore lint/a11y/noAutofocus: the only field of a step the person just arrived at
        autoFocus={autoFocus}
        value={value}
        onChange={(e) => onChange(e.target.value.replace(/\D/g, '').slice(0, 6))}
      />
    </label>
  );
}
