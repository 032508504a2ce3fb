import { type ReactNode, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../i18n/i18n.ts';
import './forms.css';

/**
 * One form field the way every form in the app shows it: the label, the control, how much it
 * may hold ("12/500 ký tự"), and the error in the person's language right under it. The
 * browser's own validation bubbles are never used (every form is `noValidate`): some devices
 * show them in English ("Please fill out this field").
 */
export function TextField({
  label,
  name,
  value,
  onChange,
  max,
  error,
  rows,
  required,
}: {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  /** The most characters the model accepts: the control stops there and says so. */
  max: number;
  error?: string | null;
  /** A textarea of this many rows; an input when absent. */
  rows?: number;
  required?: boolean;
}) {
  const { t } = useTranslation();
  const id = useId();
  const described = `${id}-count${error ? ` ${id}-error` : ''}`;
  const common = {
    id,
    name,
    value,
    maxLength: max,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': described,
    'aria-required': required || undefined,
  } as const;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {rows ? (
        <textarea {...common} rows={rows} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input {...common} onChange={(e) => onChange(e.target.value)} />
      )}
      <span id={`${id}-count`} className={`field-count${value.length >= max ? ' field-count-full' : ''}`}>
        {t('form.count', { used: formatNumber(value.length), max: formatNumber(max) })}
      </span>
      <FieldError id={`${id}-error`} error={error} />
    </div>
  );
}

/** A field's error, under it, read out when it appears. */
export function FieldError({ id, error }: { id?: string; error?: string | null | undefined }) {
  if (!error) return null;
  return (
    <p id={id} className="field-error" role="alert" data-testid="field-error">
      {error}
    </p>
  );
}

/** A labelled control of any kind with its error under it (dates, selects, pickers). */
export function Field({ label, error, children }: { label: string; error?: string | null; children: ReactNode }) {
  return (
    <div className="field">
      {/* biome-ignore lint/a11y/noLabelWithoutControl: the control is `children`, inside the label */}
      <label>
        {label}
        {children}
      </label>
      <FieldError error={error} />
    </div>
  );
}

/** A labelled choice among `options` (value and what it says), with an optional first "choose" line. */
export function SelectField<V extends string>({
  label,
  name,
  value,
  options,
  onChange,
  placeholder,
  error,
}: {
  label: string;
  name: string;
  value: V | '';
  options: readonly { readonly value: V; readonly label: string }[];
  onChange: (value: V) => void;
  /** A first, empty choice ("— Chọn —"); choosing it changes nothing. */
  placeholder?: string;
  error?: string | null;
}) {
  return (
    <Field label={label} error={error}>
      <select name={name} value={value} onChange={(e) => e.target.value && onChange(e.target.value as V)}>
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}
