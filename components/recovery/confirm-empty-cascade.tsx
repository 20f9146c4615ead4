'use client';

import { useEffect, useRef } from 'react';
import { primaryButton, secondaryButton } from '@/components/ui/button';

/** The simulated result text is an empty object (or nothing): what a cascade would pass on as `{}`. */
export function isEmptyResultText(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed === '') return true;
  try {
    const value: unknown = JSON.parse(trimmed);
    return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
  } catch {
    return false;
  }
}

/**
 * The skip form's confirm step for a cascade of an empty result: says what the waiting tasks will
 * receive, and submits the form again with `confirmEmpty` (the server refuses it without). Takes
 * the focus when it appears, so the keyboard lands on the decision.
 */
export function ConfirmEmptyCascade({
  task,
  waiting,
  onCancel,
  disabled,
}: {
  task: string;
  waiting: string[];
  onCancel: () => void;
  disabled: boolean;
}) {
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => confirm.current?.focus(), []);
  return (
    <div
      role="group"
      aria-labelledby="confirm-empty-cascade-title"
      aria-describedby="confirm-empty-cascade-detail"
      data-testid="confirm-empty-cascade"
      className="space-y-3 rounded-md border border-amber-300 bg-amber-50 px-3 py-3 text-sm text-amber-950"
    >
      <p id="confirm-empty-cascade-title" className="font-semibold">
        Cascade an empty result?
      </p>
      <p id="confirm-empty-cascade-detail">
        {waiting.length > 0 ? (
          <>The tasks waiting on {task} ({waiting.join(', ')})</>
        ) : (
          <>Any task waiting on {task}</>
        )}{' '}
        will receive an empty result (<code className="font-mono">{'{}'}</code>) as {task}&apos;s kwargs, as if its handler had
        returned nothing. They may fail or do the wrong thing with it.
      </p>
      <div className="flex flex-wrap gap-2">
        <button ref={confirm} type="submit" name="confirmEmpty" value="on" disabled={disabled} className={primaryButton}>
          Skip and cascade an empty result
        </button>
        <button type="button" onClick={onCancel} disabled={disabled} className={secondaryButton}>
          Go back and enter a result
        </button>
      </div>
    </div>
  );
}
