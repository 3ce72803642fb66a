import { useLayoutEffect, useState, type RefObject } from "react";

/** The width of an element: measured before the first paint, then followed (ResizeObserver). */
export function useWidth(ref: RefObject<HTMLElement | null>, min = 280): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const set = (w: number): void => setWidth(Math.max(min, Math.round(w)));
    set(el.getBoundingClientRect().width);
    const ro = new ResizeObserver((entries) => {
      const w = entries[0]?.contentRect.width;
      if (w) set(w);
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref, min]);
  return width;
}
