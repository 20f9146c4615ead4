import { Choice } from '@/components/ui/field';

/**
 * "Replay anyway" and its kin: sends a value that fails the task's schema, for when the schema
 * itself is wrong. Only possible while there are schema issues; the reason is required, and the
 * audit trail records the override with the issues.
 */
export function OverrideField({
  title,
  issueCount,
  checked,
  onChange,
  disabled,
}: {
  title: string;
  issueCount: number;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
}) {
  const possible = issueCount > 0;
  return (
    <div data-testid="override-field">
      <Choice
        type="checkbox"
        name="override"
        value="on"
        checked={possible && checked}
        onChange={(event) => onChange(event.target.checked)}
        disabled={disabled || !possible}
        title={title}
        detail={
          possible
            ? `The server refuses a value with ${issueCount === 1 ? 'this schema problem' : `these ${issueCount} schema problems`}. Tick this only when the schema itself is wrong: the reason is required, and the audit trail records the override with the problems.`
            : 'Only needed when the value fails the task’s schema; it does not now.'
        }
      />
    </div>
  );
}
