const words = new Intl.Segmenter("en", { granularity: "word" });

/**
 * `text` shortened to at most `max` characters (ellipsis included), cut at the end of the last whole word that fits
 * (word boundaries from `Intl.Segmenter`), trailing punctuation and spaces dropped, then "…". Text that fits is
 * returned unchanged; a first word longer than `max` is the only case cut inside a word.
 */
export function truncateAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = max - 1;
  let end = 0;
  for (const s of words.segment(text.slice(0, max + 1))) {
    const stop = s.index + s.segment.length;
    if (stop > room) break;
    if (s.isWordLike) end = stop;
  }
  const kept = (end > 0 ? text.slice(0, end) : text.slice(0, room)).replace(/[\s,;:.(\-–—/]+$/u, "");
  return `${kept}…`;
}
