import { FieldError, inputClass } from './field-error';

/** The required "Reason" every recovery form asks for; it is kept with the change. */
export function ReasonField({
  id,
  value,
  onChange,
  messages,
  disabled,
  placeholder,
}: {
  id: string;
  value: string;
  onChange(value: string): void;
  messages?: string[];
  disabled?: boolean;
  placeholder?: string;
}) {
  const errorId = `${id}-error`;
  return (
    <div>
      <label htmlFor={id} className="text-sm font-medium text-zinc-900">
        Reason
      </label>
      <input
        id={id}
        name="reason"
        required
        minLength={3}
        maxLength={500}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        placeholder={placeholder}
        aria-invalid={messages?.length ? true : undefined}
        aria-describedby={messages?.length ? errorId : undefined}
        disabled={disabled}
        className={`mt-1 ${inputClass}`}
      />
      <FieldError id={errorId} messages={messages} />
    </div>
  );
}
