/** Says why the controls beside it are disabled for this user's role (they stay visible). */
export function PermissionNote({ reason }: { reason?: string }) {
  if (!reason) return null;
  return (
    <p role="note" data-testid="permission-note" className="rounded-md border border-zinc-200 bg-zinc-50 px-3 py-2 text-sm text-zinc-700">
      <span aria-hidden className="mr-1">🔒</span>
      {reason}
    </p>
  );
}
