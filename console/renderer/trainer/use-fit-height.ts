/**
 * Sizes an element to the rest of the window below its top edge, so that the
 * trainer fits the screen without page scrolling whatever sits above it (status
 * bar, tabs, a fault banner); in full screen the element is the screen.
 */
import { useLayoutEffect, useState, type RefObject } from 'react';

/** The height in px to give the element, or null in full screen (CSS fills the screen). */
export function useFitHeight(ref: RefObject<HTMLElement | null>): number | null {
  const [height, setHeight] = useState<number | null>(null);
  useLayoutEffect(() => {
    const measure = () => {
      const el = ref.current;
      if (!el) return;
      if (document.fullscreenElement === el) {
        setHeight(null);
        return;
      }
      const top = el.getBoundingClientRect().top + window.scrollY;
      setHeight(Math.max(320, Math.floor(window.innerHeight - top)));
    };
    measure();
    // Whatever above the element changes size (a fault banner appears) moves its top edge.
    const observer = new ResizeObserver(measure);
    if (ref.current?.parentElement) observer.observe(ref.current.parentElement.ownerDocument.body);
    window.addEventListener('resize', measure);
    document.addEventListener('fullscreenchange', measure);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', measure);
      document.removeEventListener('fullscreenchange', measure);
    };
  }, [ref]);
  return height;
}
