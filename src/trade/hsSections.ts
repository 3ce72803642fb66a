/**
 * The 21 sections of the Harmonized System nomenclature and the chapters each holds (the nomenclature's own
 * grouping, unchanged across the 2012, 2017 and 2022 editions). Chapter 77 is reserved; chapters 98–99 are national
 * (Comtrade's 999999 "not specified" falls there).
 */
export interface HsSection {
  id: string;
  label: string;
  chapters: [number, number];
}

export const HS_SECTIONS: readonly HsSection[] = [
  { id: "I", label: "Live animals; animal products", chapters: [1, 5] },
  { id: "II", label: "Vegetable products", chapters: [6, 14] },
  { id: "III", label: "Fats and oils", chapters: [15, 15] },
  { id: "IV", label: "Prepared foodstuffs, beverages, tobacco", chapters: [16, 24] },
  { id: "V", label: "Mineral products", chapters: [25, 27] },
  { id: "VI", label: "Chemical products", chapters: [28, 38] },
  { id: "VII", label: "Plastics and rubber", chapters: [39, 40] },
  { id: "VIII", label: "Hides, skins, leather", chapters: [41, 43] },
  { id: "IX", label: "Wood and articles of wood", chapters: [44, 46] },
  { id: "X", label: "Pulp, paper", chapters: [47, 49] },
  { id: "XI", label: "Textiles and textile articles", chapters: [50, 63] },
  { id: "XII", label: "Footwear, headgear", chapters: [64, 67] },
  { id: "XIII", label: "Stone, ceramic, glass", chapters: [68, 70] },
  { id: "XIV", label: "Pearls, precious metals", chapters: [71, 71] },
  { id: "XV", label: "Base metals", chapters: [72, 83] },
  { id: "XVI", label: "Machinery and electrical equipment", chapters: [84, 85] },
  { id: "XVII", label: "Vehicles, aircraft, vessels", chapters: [86, 89] },
  { id: "XVIII", label: "Instruments, clocks", chapters: [90, 92] },
  { id: "XIX", label: "Arms and ammunition", chapters: [93, 93] },
  { id: "XX", label: "Miscellaneous manufactured articles", chapters: [94, 96] },
  { id: "XXI", label: "Works of art, antiques", chapters: [97, 97] },
  { id: "NS", label: "Not specified / national chapters", chapters: [98, 99] },
];

/** The section of an HS-6 code (by its chapter). */
export function sectionOf(hs6: string): HsSection {
  const ch = Number(hs6.slice(0, 2));
  return HS_SECTIONS.find((s) => ch >= s.chapters[0] && ch <= s.chapters[1]) ?? HS_SECTIONS[HS_SECTIONS.length - 1]!;
}
