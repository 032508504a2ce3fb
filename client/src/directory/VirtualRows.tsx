import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { type ReactNode, useLayoutEffect, useRef, useState } from 'react';

interface VirtualRowsProps {
  readonly count: number;
  readonly estimateSize: (index: number) => number;
  readonly rowKey: (index: number) => string;
  readonly renderRow: (index: number) => ReactNode;
  readonly label?: string;
  readonly testId?: string;
}

/**
 * A long list (thousands of officials) with only the rows on screen in the DOM; the page
 * itself scrolls, so it behaves like any page on a phone.
 */
export function VirtualRows({ count, estimateSize, rowKey, renderRow, label, testId }: VirtualRowsProps) {
  const listRef = useRef<HTMLUListElement>(null);
  const [offset, setOffset] = useState(0);
  useLayoutEffect(() => {
    setOffset(listRef.current?.offsetTop ?? 0);
  }, []);
  const virtualizer = useWindowVirtualizer({
    count,
    estimateSize,
    overscan: 8,
    scrollMargin: offset,
    getItemKey: rowKey,
  });
  const items = virtualizer.getVirtualItems();
  return (
    <ul
      ref={listRef}
      className="virtual-rows"
      aria-label={label}
      data-testid={testId}
      style={{ height: virtualizer.getTotalSize(), position: 'relative' }}
    >
      {items.map((item) => (
        <li
          key={item.key}
          data-index={item.index}
          ref={virtualizer.measureElement}
          style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${item.start - offset}px)` }}
        >
          {renderRow(item.index)}
        </li>
      ))}
    </ul>
  );
}
