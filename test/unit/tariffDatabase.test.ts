import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readTariffDatabase } from "../../src/sources/tariffDatabase.js";
import JSZip from "jszip";
import { scheduleSpelling } from "../../src/schedule/priorBase.js";
import { DataFileError } from "../../src/common/errors.js";

const fixture = (): Buffer => readFileSync(new URL("../fixtures/tariff-database/tiny.zip", import.meta.url));

describe("USITC annual tariff database reader", () => {
  it("reads the text member's MFN columns with their dated rows and line numbers", async () => {
    const db = await readTariffDatabase("fixtures/tiny.zip", fixture());
    expect(db.member).toBe("tariff_database_2099.txt");
    expect(db.rows).toHaveLength(3);
    expect(db.rows[0]).toMatchObject({ hts8: "01012100", mfnText: "Free", mfnRateType: "0", begin: "1995-01-01", end: "2050-12-31", line: 2 });
    expect(db.rows[1]).toMatchObject({ hts8: "02013002", mfnText: "4 cents/kg", begin: "2012-10-31", end: "2017-06-30", line: 3 });
    expect(db.rows[2]).toMatchObject({ hts8: "02013002", mfnText: "26.4%", begin: "2017-07-01", line: 4 });
  });

  it("spells the database's cents as the schedule's cent sign", () => {
    expect(scheduleSpelling("46.3 cents/kg + 14.9%")).toBe("46.3¢/kg + 14.9%");
    expect(scheduleSpelling("1 cents/kg")).toBe("1¢/kg");
    expect(scheduleSpelling("Free")).toBe("Free");
  });

  it("names the archive and its members when no database member is there, or the archive is truncated", async () => {
    const zip = new JSZip();
    zip.file("README.txt", "x");
    zip.file("notes.txt", "y");
    const noMember = await zip.generateAsync({ type: "nodebuffer" });
    await expect(readTariffDatabase("fixtures/two.zip", noMember)).rejects.toThrow(/fixtures\/two\.zip: no tariff_database_<year>\.txt member \(text members: README\.txt, notes\.txt/);
    const truncated = fixture().subarray(0, 200);
    await expect(readTariffDatabase("fixtures/tiny.zip", truncated)).rejects.toThrow(DataFileError);
    await expect(readTariffDatabase("fixtures/tiny.zip", truncated)).rejects.toThrow(/fixtures\/tiny\.zip/);
  });
});
