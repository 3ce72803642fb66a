import { describe, expect, it } from "vitest";
import {
  adValoremComponent,
  adValoremPercent,
  describeRate,
  parseRateText,
  rateClass,
  type RateExpr,
} from "../../src/sources/rateText.js";

const ch99 = { chapter99: true };

function expectKind<K extends RateExpr["kind"]>(expr: RateExpr, kind: K): Extract<RateExpr, { kind: K }> {
  expect(expr.kind).toBe(kind);
  return expr as Extract<RateExpr, { kind: K }>;
}

describe("parseRateText: blanks and free", () => {
  it.each(["", " ", "\n", "\u00a0", "  \t "])("blank %j is empty", (t) => {
    expect(parseRateText(t)).toEqual({ kind: "empty", text: t });
    expect(parseRateText(t, ch99).kind).toBe("empty");
  });

  it("null and undefined parse as empty, other non-strings as unclassified", () => {
    expect(parseRateText(null as unknown as string).kind).toBe("empty");
    expect(parseRateText(undefined as unknown as string).kind).toBe("empty");
    expect(parseRateText(42 as unknown as string).kind).toBe("unclassified");
  });

  it("a lone print mark is a stray mark, not a rate", () => {
    const e = parseRateText(":");
    expect(e.kind).toBe("strayMark");
    expect(adValoremPercent(e)).toBeUndefined();
  });

  it("Free is free (0) outside Chapter 99", () => {
    expect(parseRateText("Free")).toEqual({ kind: "free", text: "Free" });
    expect(adValoremPercent(parseRateText("Free"))).toBe(0);
    expect(parseRateText(" free. ").kind).toBe("free");
  });

  it("conditional free keeps the condition", () => {
    const e = expectKind(parseRateText("Free, under bond, as prescribed in U.S. note 1 to this subchapter"), "free");
    expect(e.condition).toBe("under bond, as prescribed in U.S. note 1 to this subchapter");
    expect(expectKind(parseRateText("Free, under bond"), "free").condition).toBe("under bond");
    expect(
      parseRateText("Free, for such temporary periods as the Secretary of the Treasury by regulation may prescribe")
        .kind,
    ).toBe("free");
  });

  it("free with an unknown condition is not free", () => {
    expect(parseRateText("Free, except when imported by air").kind).toBe("unclassified");
    expect(parseRateText("F r e e").kind).toBe("unclassified");
  });
});

describe("parseRateText: ad valorem", () => {
  it.each([
    ["2.5%", 2.5],
    ["6.5% ", 6.5],
    ["37.5%", 37.5],
    ["0%", 0],
    ["2.5% <u></u>", 2.5],
    ["20%<il></il>", 20],
    ["6.5%.", 6.5],
    ["6.5\u00a0%", 6.5],
    ["37% /", 37],
  ])("%j → %d%%", (t, pct) => {
    const e = expectKind(parseRateText(t), "adValorem");
    expect(e.percent).toBe(pct);
    expect(e.text).toBe(t);
    expect(adValoremPercent(e)).toBe(pct);
  });

  it("fractional percentages", () => {
    const e = expectKind(parseRateText("33 1/3%"), "adValorem");
    expect(e.percent).toBeCloseTo(33.3333333333, 9);
  });

  it("a percentage on the entire set is ad valorem on the whole", () => {
    const e = expectKind(parseRateText("6.5% on the entire set"), "adValorem");
    expect(e.on).toBe("entire set");
    expect(adValoremPercent(e)).toBe(6.5);
  });
});

describe("parseRateText: specific rates", () => {
  it("cents become dollars by decimal shift, with no float noise", () => {
    const e = expectKind(parseRateText("44¢/kg"), "specific");
    expect(e).toMatchObject({ amount: 0.44, amountText: "44¢", currency: "USD", unit: "kg" });
    expect(expectKind(parseRateText("3.6606¢/kg of total sugars"), "specific").amount).toBe(0.036606);
    expect(expectKind(parseRateText("0.020668¢/kg"), "specific").amount).toBe(0.00020668);
    expect(expectKind(parseRateText("0.3¢/kg"), "specific").amount).toBe(0.003);
    expect(expectKind(parseRateText("$1.035/kg"), "specific").amount).toBe(1.035);
    expect(expectKind(parseRateText("$4 each"), "specific")).toMatchObject({
      amount: 4,
      amountText: "$4",
      unit: "each",
    });
  });

  it.each([
    ["18¢/liter", "liter", undefined],
    ["33¢/ liter", "liter", undefined],
    ["$1.32/pf. liter", "pf.liter", undefined],
    ["23.7¢/pf.liter", "pf.liter", undefined],
    ["10¢/doz.", "doz.", undefined],
    ["$1.58/pr.", "pr.", undefined],
    ["$6/1000", "1000", undefined],
    ["20¢/thousand", "1000", undefined],
    ["$2.50/thou- sand", "1000", undefined],
    ["$1/1,000 pins", "1000 pins", undefined],
    ["38¢/m2", "m2", undefined],
    ["$1.27/m<sup>3</sup>", "m3", undefined],
    ["21¢/bbl", "bbl", undefined],
    ["74¢/t", "t", undefined],
    ["$3/head", "head", undefined],
    ["10.6¢/g", "g", undefined],
    ["10¢/m", "m", undefined],
    ["3.3¢/lin. m", "lin. m", undefined],
    ["20¢/gross", "gross", undefined],
    ["1.5¢/line/ gross", "line/gross", undefined],
    ["77.2¢/clean kg", "clean kg", undefined],
    ["10¢/pack", "pack", undefined],
    ["4¢ each", "each", undefined],
    ["7.4¢/kg on drained weight", "kg", "on drained weight"],
    ["3.6606¢/kg of total sugars", "kg", "of total sugars"],
    ["5¢/kg on contents and container", "kg", "on contents and container"],
    ["6.6¢/kg on entire contents of container", "kg", "on entire contents of container"],
    ["$1.32/t, including weight of container", "t", "including weight of container"],
    ["0.2¢/kg, including weight of container", "kg", "including weight of container"],
    ["86.1¢/m2 of recording surface", "m2", "of recording surface"],
    ["86.1¢/m2of recording surface", "m2", "of recording surface"],
    ["<il>86.1¢/m<sup>2</sup></il> of recording surface", "m2", "of recording surface"],
    ["$40/kg of anhydrous morphine content", "kg", "of anhydrous morphine content"],
    ["1.7¢/kg on lead content", "kg", "on lead content"],
    ["20¢/gross of immediate containers", "gross", "of immediate containers"],
  ])("%j → unit %j, qualifier %j", (t, unit, qualifier) => {
    const e = expectKind(parseRateText(t), "specific");
    expect(e.unit).toBe(unit);
    expect(e.qualifier).toBe(qualifier);
    expect(e.currency).toBe("USD");
  });

  it("an amount without a currency or an unknown unit is unclassified", () => {
    expect(parseRateText("44/kg").kind).toBe("unclassified");
    expect(parseRateText("44¢/furlong").kind).toBe("unclassified");
    expect(parseRateText("44¢").kind).toBe("unclassified");
  });
});

describe("parseRateText: compound and multi-part", () => {
  it("N¢/kg + N% is compound, with or without spaces", () => {
    for (const t of ["40¢/kg + 10.4%", "40¢/kg +10.4%", "40¢/kg+10.4%", "40¢/kg  +  10.4%"]) {
      const e = expectKind(parseRateText(t), "compound");
      expect(e.text).toBe(t);
      expect(e.parts.map((p) => p.kind)).toEqual(["specific", "adValorem"]);
      expect(adValoremComponent(e).percent).toBe(10.4);
      expect(adValoremComponent(e).nonAdValorem).toMatchObject([{ kind: "specific", amount: 0.4, unit: "kg" }]);
      expect(adValoremPercent(e)).toBeUndefined();
    }
  });

  it("compounds with qualifiers, several specific parts and jewels", () => {
    expect(expectKind(parseRateText("22¢/kg on drained weight+45%"), "compound").parts[0]).toMatchObject({
      qualifier: "on drained weight",
    });
    expect(expectKind(parseRateText("22¢/kg on drained weght + 45%"), "compound").parts[0]).toMatchObject({
      qualifier: "on drained weight",
    });
    expect(expectKind(parseRateText("39.9¢/kg of total sugars+ 6%"), "compound").parts).toHaveLength(2);
    const metals = expectKind(
      parseRateText("8.8¢/kg on copper content + 3.3¢/kg on lead content + 3.7¢/kg on zinc content"),
      "compound",
    );
    expect(metals.parts.map((p) => (p.kind === "specific" ? p.qualifier : ""))).toEqual([
      "on copper content",
      "on lead content",
      "on zinc content",
    ]);
    expect(adValoremComponent(metals)).toMatchObject({ percent: 0 });
    const jewels = expectKind(parseRateText("$4.50 each + 65% + 25¢/jewel"), "compound");
    expect(jewels.parts.map((p) => p.kind)).toEqual(["specific", "adValorem", "specific"]);
    expect(adValoremComponent(jewels).percent).toBe(65);
    expect(
      expectKind(parseRateText("18.5¢/liter + $1.32/pf. liter on ethyl alcohol content"), "compound").parts[1],
    ).toMatchObject({
      amount: 1.32,
      unit: "pf.liter",
      qualifier: "on ethyl alcohol content",
    });
  });

  it("a trailing ', but …' limit is kept as a proviso", () => {
    const e = expectKind(
      parseRateText(
        "65% + 25¢/jewel + 3¢ for each other piece or part, but if consisting in part of a plate or a set of plates the total duty shall not exceed the duty for the complete movement",
      ),
      "compound",
    );
    expect(e.parts).toHaveLength(3);
    expect(e.parts[2]).toMatchObject({ kind: "specific", amount: 0.03, unit: "other piece or part" });
    expect(e.proviso).toMatch(/^but if consisting in part of a plate/);
    expect(adValoremComponent(e).percent).toBe(65);
    expect(parseRateText("65% + 25¢/jewel, but free if imported by a museum").kind).toBe("unclassified");
  });

  it("watch rates are multi-part, charged on components", () => {
    const e = expectKind(
      parseRateText("44¢ each + 6% on the case + 14% on the strap, band or bracelet + 5.3% on the battery"),
      "multiPart",
    );
    expect(e.parts.map((p) => p.on)).toEqual(["article", "case", "strap, band or bracelet", "battery"]);
    expect(e.parts[0]?.rate).toMatchObject({ kind: "specific", amount: 0.44, unit: "each" });
    expect(e.parts[3]?.rate).toMatchObject({ kind: "adValorem", percent: 5.3 });
    expect(adValoremPercent(e)).toBeUndefined();
    expect(adValoremComponent(e)).toMatchObject({ percent: 0 });
    expect(adValoremComponent(e).nonAdValorem).toHaveLength(4);
  });

  it("multi-part spelling variants", () => {
    expect(
      expectKind(parseRateText("$2.25 each + 45% on the case +80% on the strap, band or bracelet"), "multiPart").parts,
    ).toHaveLength(3);
    expect(
      expectKind(parseRateText("$2.70 each + 45% on the case + 35% on thebattery"), "multiPart").parts[2]?.on,
    ).toBe("battery");
    expect(
      expectKind(parseRateText("3.9% on the movement and case+ 5.3% on the battery"), "multiPart").parts[0]?.on,
    ).toBe("movement and case");
    expect(
      expectKind(parseRateText("41¢ each + 5% on case and strap, band or bracelet + 4.2% on the battery"), "multiPart")
        .parts[1]?.on,
    ).toBe("case and strap, band or bracelet");
    expect(
      expectKind(parseRateText("43¢ each + 2.8¢/jewel over 7 + 3.7% on the case"), "multiPart").parts[1]?.rate,
    ).toMatchObject({
      unit: "jewel",
      qualifier: "over 7",
    });
    expect(
      expectKind(
        parseRateText("4.7% on the value of the rifle + 20% on the value of the telescopic sight, if any"),
        "multiPart",
      ).parts.map((p) => p.on),
    ).toEqual(["rifle", "telescopic sight, if any"]);
    expect(expectKind(parseRateText("36¢ each + 5.3% on the battery"), "multiPart").parts).toHaveLength(2);
  });
});

describe("parseRateText: sugar, content, bases", () => {
  it("sugar per-degree formulas keep base, per-degree part and minimum", () => {
    const t =
      "3.6606¢/kg less 0.020668¢/kg for each degree under 100 degrees (and fractions of a degree in proportion) but not less than 3.143854¢/kg";
    const e = expectKind(parseRateText(t), "sugarFormula");
    expect(e.text).toBe(t);
    expect(e.base).toMatchObject({ amount: 0.036606, unit: "kg" });
    expect(e.perDegree).toMatchObject({ amount: 0.00020668, unit: "kg" });
    expect(e.referenceDegrees).toBe(100);
    expect(e.minimum).toMatchObject({ amount: 0.03143854 });
    expect(adValoremComponent(e)).toEqual({ percent: 0, nonAdValorem: [e] });
  });

  it("sugar formula spelling variants (space before /kg, missing 'than')", () => {
    for (const t of [
      "6.58170¢/kg less 0.0622005¢ /kg for each degree under 100 degrees (and fractions of a degree in proportion) but not less than 5.031562¢ /kg",
      "4.3817¢/kg less 0.0622005¢ /kg for each degree under 100 degrees (and fractions of a degree in proportion) but not less 2.831562¢ /kg",
    ]) {
      expect(parseRateText(t).kind).toBe("sugarFormula");
    }
  });

  it("a percentage of the value of a content", () => {
    const e = expectKind(parseRateText("2.5% on the value of the lead content"), "contentValue");
    expect(e).toMatchObject({ percent: 2.5, content: "lead" });
    expect(adValoremPercent(e)).toBeUndefined();
    expect(adValoremComponent(e).percent).toBe(0);
  });

  it("a percentage of a stated base (chapter 98)", () => {
    expect(parseRateText("3 percent of the fair retail value")).toMatchObject({
      kind: "percentOfBase",
      percent: 3,
      base: "fair retail value",
    });
    expect(parseRateText("50 percent of the cost of such goods or repairs")).toMatchObject({
      kind: "percentOfBase",
      percent: 50,
      base: "cost of such goods or repairs",
    });
  });
});

describe("parseRateText: derived rates and notes", () => {
  it.each([
    ["The rate applicable to each garment in the ensemble if separately entered", "ensemble-garment"],
    ["The rate applicable to each garment in the ensemble if entered separately", "ensemble-garment"],
    ["The rate applicable to each garment in the in the ensemble if separately entered", "ensemble-garment"],
    ["The rate of duty applicable to that article in the set subject to the highest rate of duty", "set-highest-rate"],
    [
      "The rate of duty appli- cable to that article in the set subject to the high- est rate of duty",
      "set-highest-rate",
    ],
    ["The rate applicable in the absence of this heading", "absent-heading"],
    ["The rate applicable, to each article in the absence of this subheading", "absent-heading"],
    ["The rate applicable in the absence of this subheading on the cost of such parts", "absent-heading-cost-of-parts"],
    ["The rate applicable to the natural juice in heading 2009", "natural-juice"],
    ["The rate applicable to the article of which it is a part or accessory", "parent-article"],
    ["The rate applicable to the article of which it is an accessory", "parent-article"],
    ["The rate applicable to the complete, assembled movement", "complete-movement"],
    ["The rate applicable to the complete, assembled", "complete-movement"],
    ["The duty rate provided in such subheading minus 0.5%", "such-subheading-minus"],
    ["A duty upon the value of the repairs or alterations (see U.S. note 3 of this subchapter)", "value-of-repairs"],
    ["A duty upon the value of the repairs oralterations (see U.S. note 3 of this subchapter)", "value-of-repairs"],
    [
      "A duty upon the value of such processing outside the United States (see U.S. note 3 of this subchapter)",
      "value-of-processing",
    ],
    [
      "A duty upon the full value of the imported article, less the cost or value of such products of the United States (see U.S. Note 4 of this subchapter)",
      "value-less-us-products",
    ],
  ])("%j → %s", (t, rule) => {
    const e = expectKind(parseRateText(t), "derived");
    expect(e.rule).toBe(rule);
    expect(e.text).toBe(t);
    expect(adValoremPercent(e)).toBeUndefined();
    expect(adValoremComponent(e).percent).toBeUndefined();
  });

  it("derived rates keep their reference or adjustment", () => {
    expect(parseRateText("The rate applicable to the natural juice in heading 2009")).toMatchObject({
      ref: "heading 2009",
    });
    expect(parseRateText("The duty rate provided in such subheading minus 2.0%")).toMatchObject({ percentDelta: -2 });
    expect(
      parseRateText("A duty upon the value of the repairs or alterations (see U.S. note 3 of this subchapter)"),
    ).toMatchObject({
      ref: "U.S. note 3",
    });
  });

  it("see additional U.S. note", () => {
    expect(parseRateText("See additional U.S. note 1")).toEqual({
      kind: "seeNote",
      text: "See additional U.S. note 1",
      ref: "additional U.S. note 1",
      note: 1,
    });
    expect(parseRateText("See additional U.S. note 3 to this chapter.")).toMatchObject({ kind: "seeNote", note: 3 });
  });
});

describe("parseRateText: Chapter 99", () => {
  it.each([
    ["The duty provided in the applicable subheading + 25%", 25, "full"],
    ["The duty provided in the applicable subheading +25%", 25, "full"],
    ["The duty provided in the applicable subheading + 50%.", 50, "full"],
    ["The duty provided in the applicable subheading plus 25%", 25, "full"],
    ["The duty provided inthe applicable subheading+ 25%", 25, "full"],
    ["The duty provided in the applicable subheading + 7.5%", 7.5, "full"],
    ["The duty provided in the applicable subheading + 0%", 0, "full"],
    ["+25%", 25, "full"],
    ["+ 50%.", 50, "full"],
    ["plus 25%", 25, "full"],
    [
      "The duty provided in the applicable subheading + a duty of 50% upon the value of the steel content.",
      50,
      "steel-content",
    ],
    [
      "The duty provided in the applicable subheading + a duty of 25% upon the value of the aluminum content",
      25,
      "aluminum-content",
    ],
    [
      "The duty provided in the applicable subheading + a duty of 50% upon the value of the copper content",
      50,
      "copper-content",
    ],
    [
      "The duty provided in the applicable subheading + a duty of 25% upon the value of the non-U.S. content",
      25,
      "non-us-content",
    ],
    ["The duty provided in the applicable subheading + a duty of 25%", 25, "unstated"],
    ["+ a duty of 25%", 25, "unstated"],
  ])("%j → add-on %d%% on %s", (t, percent, valueBase) => {
    for (const opts of [ch99, {}]) {
      const e = expectKind(parseRateText(t, opts), "addOn");
      expect(e).toMatchObject({ percent, valueBase, text: t });
    }
  });

  it("add-on on a partial base is not a percentage of the full value", () => {
    const steel = parseRateText(
      "The duty provided in the applicable subheading + a duty of 50% upon the value of the steel content.",
      ch99,
    );
    expect(adValoremPercent(steel)).toBeUndefined();
    expect(adValoremComponent(steel)).toEqual({ percent: 0, nonAdValorem: [steel] });
    expect(adValoremPercent(parseRateText("The duty provided in the applicable subheading + 25%", ch99))).toBe(25);
    expect(
      adValoremPercent(parseRateText("The duty provided in the applicable subheading + a duty of 25%", ch99)),
    ).toBe(25);
  });

  it("an add-on of an unknown content is not classified", () => {
    expect(
      parseRateText(
        "The duty provided in the applicable subheading + a duty of 25% upon the value of the timber content",
        ch99,
      ).kind,
    ).toBe("unclassified");
  });

  it("add-on to named subheadings", () => {
    const e = expectKind(
      parseRateText("The duty provided in subheadings 8716.39.00, 8716.90.30 or 8716.90.50 + 100%", ch99),
      "addOnNamed",
    );
    expect(e.percent).toBe(100);
    expect(e.subheadings).toEqual(["8716.39.00", "8716.90.30", "8716.90.50"]);
    expect(adValoremPercent(e)).toBeUndefined();
    expect(adValoremComponent(e).percent).toBeUndefined();
  });

  it("a bare percentage is a replacement in Chapter 99 and ad valorem elsewhere", () => {
    expect(parseRateText("15%", ch99)).toEqual({ kind: "replacement", text: "15%", percent: 15, free: false });
    expect(parseRateText("15%").kind).toBe("adValorem");
    expect(adValoremPercent(parseRateText("15%", ch99))).toBe(15);
    expect(parseRateText("100% ", ch99)).toMatchObject({ kind: "replacement", percent: 100 });
  });

  it("Free in Chapter 99 is a replacement of zero", () => {
    expect(parseRateText("Free", ch99)).toEqual({ kind: "replacement", text: "Free", percent: 0, free: true });
    expect(adValoremPercent(parseRateText("Free", ch99))).toBe(0);
  });

  it.each([
    ["The duty provided in the applicable subheading", "applicable-subheading"],
    ["The duty provided in the applicable subheading.", "applicable-subheading"],
    ["The duty provided for in the applicable subheading", "applicable-subheading"],
    ["The duty provided for in the applicable subheading.", "applicable-subheading"],
    ["No change", "no-change"],
    ["no change", "no-change"],
    ["No Change", "no-change"],
    ["No change.", "no-change"],
  ])("%j is a pass-through", (t, form) => {
    const e = expectKind(parseRateText(t, ch99), "passThrough");
    expect(e.form).toBe(form);
    expect(adValoremPercent(e)).toBeUndefined();
    expect(parseRateText(t).kind).toBe("passThrough");
  });
});

describe("parseRateText: odd input", () => {
  it.each([
    "gibberish",
    "%",
    "%%%",
    "+",
    "+ %",
    "¢",
    "$",
    "$/kg",
    "12",
    "12.5",
    "1e3%",
    "-5%",
    "The duty provided in the applicable subheading + ",
    "The duty provided in the applicable subheading - 25%",
    "25% of",
    "5% + gibberish",
    "5% +",
    "free beer",
    "See",
    "x".repeat(5000),
    `${"9".repeat(1500)}%`,
    "<b></b>5%<script>",
  ])("%j is not read as a rate of zero and does not throw", (t) => {
    const e = parseRateText(t, ch99);
    const f = parseRateText(t);
    for (const x of [e, f]) {
      expect(x.text).toBe(t);
      expect(["free", "empty"]).not.toContain(x.kind);
      expect(adValoremPercent(x) === 0).toBe(false);
    }
  });

  it("gibberish is unclassified", () => {
    expect(parseRateText("gibberish")).toMatchObject({ kind: "unclassified", text: "gibberish" });
    expect(parseRateText("5% + gibberish").kind).toBe("unclassified");
    expect(parseRateText("x".repeat(5000)).kind).toBe("unclassified");
  });

  it("never throws on random strings", () => {
    let seed = 12345;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const alphabet = "0123456789 .,%¢$/+-()abcdefghijklmnopqrstuvwxyz\u00a0\n<>:;Free";
    for (let i = 0; i < 3000; i++) {
      const len = rand(60);
      let s = "";
      for (let k = 0; k < len; k++) s += alphabet[rand(alphabet.length)];
      for (const opts of [{}, ch99]) {
        const e = parseRateText(s, opts);
        expect(e.text).toBe(s);
        expect(typeof describeRate(e)).toBe("string");
        adValoremComponent(e);
        if (s.trim() !== "" && !/^free\.?$/i.test(s.trim()) && e.kind !== "adValorem" && e.kind !== "replacement") {
          expect(adValoremPercent(e) === 0 && e.kind !== "addOn").toBe(false);
        }
      }
    }
  });

  it("a huge input is classified, not parsed into a wrong rate", () => {
    const t = "40¢/kg + ".repeat(10_000);
    expect(parseRateText(t).kind).toBe("unclassified");
  });
});

describe("rateClass and describeRate", () => {
  it.each<[string, boolean, string, string]>([
    ["2.5%", false, "adValorem", "2.5%"],
    ["Free", false, "free", "Free"],
    ["", false, "empty", "(no rate)"],
    ["44¢/kg + 6%", false, "compound", "44¢/kg + 6%"],
    ["40¢/kg +10.4%", false, "compound", "40¢/kg + 10.4%"],
    ["$1.32/pf. liter", false, "specific", "$1.32/pf.liter"],
    ["44¢ each + 6% on the case", false, "multiPart", "44¢ each + 6% on case"],
    ["2.5% on the value of the lead content", false, "contentValue", "2.5% of lead content value"],
    ["The duty provided in the applicable subheading + 25%", true, "addOn", "+25% of full value"],
    [
      "The duty provided in the applicable subheading + a duty of 50% upon the value of the steel content.",
      true,
      "addOn",
      "+50% of steel content value",
    ],
    ["15%", true, "replacement", "15% (replaces MFN)"],
    ["Free", true, "replacement", "Free (replaces MFN)"],
    ["No change", true, "passThrough", "no additional duty (MFN applies)"],
    ["See additional U.S. note 1", false, "seeNote", "see additional U.S. note 1"],
    [
      "The duty provided in subheadings 8716.39.00, 8716.90.30 or 8716.90.50 + 100%",
      true,
      "addOnNamed",
      "duty of 8716.39.00, 8716.90.30, 8716.90.50 +100%",
    ],
  ])("%j (chapter99 %s) → %s, %j", (t, chapter99, cls, text) => {
    const e = parseRateText(t, { chapter99 });
    expect(rateClass(e)).toBe(cls);
    expect(describeRate(e)).toBe(text);
  });

  it("describes derived and unclassified text", () => {
    expect(
      describeRate(parseRateText("The rate applicable to each garment in the ensemble if separately entered")),
    ).toBe("derived rate (ensemble-garment)");
    expect(describeRate(parseRateText("gibberish"))).toBe('unclassified: "gibberish"');
  });
});
