import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ReviewSection } from '../../../../../shared/domain/review-views';
import { useKioskCall } from '../../../kiosk-context';
import { SectionViewReporter } from './section-views';

interface SectionViews {
  /** Sections main has recorded this person seeing. */
  seen: readonly ReviewSection[];
  reporter: SectionViewReporter | null;
}

const SectionViewsContext = createContext<SectionViews>({ seen: [], reporter: null });

/** One reporter per interview shown; the sections below report through it. */
export function SectionViewsProvider({ interviewId, children }: { interviewId: string; children: ReactNode }) {
  const call = useKioskCall();
  const [seen, setSeen] = useState<readonly ReviewSection[]>([]);
  const reporter = useMemo(() => new SectionViewReporter((section) => call('review.viewed', { interviewId, section }), setSeen), [call, interviewId]);
  return <SectionViewsContext.Provider value={{ seen, reporter }}>{children}</SectionViewsContext.Provider>;
}

export function useSeenSections(): readonly ReviewSection[] {
  return useContext(SectionViewsContext).seen;
}

/** A ref for the element of `section`: reported once it is on screen (any part of it). */
export function useSectionView<T extends Element>(section: ReviewSection): (element: T | null) => void {
  const { reporter } = useContext(SectionViewsContext);
  const observer = useRef<IntersectionObserver | null>(null);
  useEffect(() => () => observer.current?.disconnect(), []);
  return useCallback(
    (element: T | null) => {
      observer.current?.disconnect();
      if (!element || !reporter) return;
      observer.current = new IntersectionObserver((entries) => {
        if (entries.some((entry) => entry.isIntersecting)) reporter.inView(section);
      });
      observer.current.observe(element);
    },
    [reporter, section],
  );
}

/** Wraps a section of the review so it reports itself when seen. */
export function SeenSection({ section, children }: { section: ReviewSection; children: ReactNode }) {
  const ref = useSectionView<HTMLDivElement>(section);
  return <div ref={ref}>{children}</div>;
}
