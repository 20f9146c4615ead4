/** Marks a result support simulated when skipping an instance (never a handler's real output). */
export function SimulatedBadge({ title, testId = 'simulated-badge' }: { title?: string; testId?: string }) {
  return (
    <span
      data-testid={testId}
      title={title}
      className="inline-flex rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900 ring-1 ring-inset ring-amber-300"
    >
      simulated
    </span>
  );
}
