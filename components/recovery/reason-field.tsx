import { Field, fieldControl, inputClass } from '@/components/ui/field';

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
  return (
    <Field id={id} label="Reason" errors={messages}>
      <input
        {...fieldControl(id, { errors: messages })}
        name="reason"
        required
        minLength={3}
        maxLength={500}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        placeholder={placeholder}
        disabled={disabled}
        className={`mt-1 ${inputClass}`}
      />
    </Field>
  );
}
