'use client';

import { useEffect, useRef, useState, type ReactNode } from 'react';

/**
 * A box that scrolls (a wide table, a long JSON block, a stack trace) and that a keyboard can
 * reach: while its content overflows it takes focus (Tab, then the arrow keys scroll it) and is
 * named for screen readers (WCAG 2.1.1; axe's scrollable-region-focusable). When everything fits
 * it is no tab stop, so short tables do not lengthen the way to a page's buttons. Rendered on the
 * server as focusable, the safe side until the browser has measured it.
 *
 * role="group" rather than "region": a named region is a landmark, and a page of tables would
 * list dozens of them beside the page's real sections.
 */
export function ScrollRegion({
  label,
  as: Tag = 'div',
  className,
  children,
  testId,
}: {
  /** What is inside, e.g. "kwargs" or the table's caption. */
  label: string;
  as?: 'div' | 'pre';
  className?: string;
  children: ReactNode;
  testId?: string;
}) {
  const ref = useRef<HTMLDivElement & HTMLPreElement>(null);
  const [overflowing, setOverflowing] = useState(true);
  useEffect(() => {
    const node = ref.current;
    if (!node) return;
    const measure = () => setOverflowing(node.scrollHeight > node.clientHeight + 1 || node.scrollWidth > node.clientWidth + 1);
    measure();
    // The box resized (a narrower window), or its content changed (a <details> opened inside, a
    // snapshot loaded): measure again.
    const resized = new ResizeObserver(measure);
    resized.observe(node);
    const mutated = new MutationObserver(measure);
    mutated.observe(node, { childList: true, subtree: true, attributes: true, attributeFilter: ['open'] });
    return () => {
      resized.disconnect();
      mutated.disconnect();
    };
  }, []);
  return (
    <Tag
      ref={ref}
      role="group"
      aria-label={label}
      tabIndex={overflowing ? 0 : undefined}
      data-scrollable={overflowing ? 'true' : 'false'}
      data-testid={testId}
      className={`${className ?? ''} focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600`}
    >
      {children}
    </Tag>
  );
}
