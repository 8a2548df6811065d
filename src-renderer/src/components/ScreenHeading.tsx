import type { ReactNode } from 'react';
import { useFocusOnMount } from '../hooks/useFocusOnMount';

/** The screen's one h1; it takes focus when the screen appears. */
export function ScreenHeading({ children }: { children: ReactNode }) {
  const ref = useFocusOnMount<HTMLHeadingElement>();
  return (
    <h1 ref={ref} tabIndex={-1} className="screen-title">
      {children}
    </h1>
  );
}
