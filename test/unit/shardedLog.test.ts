import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ShardedLog, trimNamespaces } from "../../src/store/shardedLog.js";

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "tariffscope-log-"));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("ShardedLog", () => {
  it("stores values by key across shards and reads them back in another instance", () => {
    const dir = join(tempDir(), "ns");
    const a = new ShardedLog<{ n: number; text: string }>(dir, { shards: 4, maxBytes: 1e6 });
    for (let i = 0; i < 100; i++) expect(a.append(`key-${i}`, { n: i, text: "x".repeat(i) })).toBe(true);
    expect(a.get("key-7")).toEqual({ n: 7, text: "xxxxxxx" });
    expect(a.get("absent")).toBeUndefined();
    const b = new ShardedLog<{ n: number; text: string }>(dir, { shards: 4, maxBytes: 1e6 });
    expect(b.get("key-99")).toEqual({ n: 99, text: "x".repeat(99) });
    // records appended by another writer after the first read are found
    a.append("late", { n: -1, text: "late" });
    expect(b.get("late")).toEqual({ n: -1, text: "late" });
    a.close();
    b.close();
  });

  it("only ever appends: an existing shard keeps its bytes", () => {
    const dir = join(tempDir(), "ns");
    const log = new ShardedLog<number>(dir, { shards: 1, maxBytes: 1e6 });
    log.append("a", 1);
    const file = join(dir, "shard-000.log");
    const before = readFileSync(file);
    log.append("b", 2);
    const after = readFileSync(file);
    expect(after.subarray(0, before.length).equals(before)).toBe(true);
    expect(after.length).toBeGreaterThan(before.length);
    log.close();
  });

  it("refuses records past its size cap", () => {
    const log = new ShardedLog<string>(join(tempDir(), "ns"), { shards: 2, maxBytes: 2000 });
    let written = 0;
    for (let i = 0; i < 100; i++) if (log.append(`k${i}`, "y".repeat(100))) written++;
    expect(written).toBeGreaterThan(5);
    expect(written).toBeLessThan(100);
    expect(log.bytes()).toBeLessThan(2000 + 200);
    log.close();
  });

  it("ignores a record still being written and drops a corrupt shard", () => {
    const dir = join(tempDir(), "ns");
    const log = new ShardedLog<string>(dir, { shards: 1, maxBytes: 1e6 });
    log.append("whole", "value");
    const file = join(dir, "shard-000.log");
    const record = readFileSync(file);
    appendFileSync(file, record.subarray(0, record.length - 3)); // a torn tail
    const reader = new ShardedLog<string>(dir, { shards: 1, maxBytes: 1e6 });
    expect(reader.get("whole")).toBe("value");
    reader.close();
    // flip the last byte of the first record's value: its checksum no longer matches
    const corrupt = Buffer.from(readFileSync(file));
    corrupt.writeUInt8(corrupt.readUInt8(record.length - 1) ^ 0xff, record.length - 1);
    writeFileSync(file, corrupt);
    const again = new ShardedLog<string>(dir, { shards: 1, maxBytes: 1e6 });
    expect(again.get("whole")).toBeUndefined();
    expect(existsSync(file)).toBe(false);
    expect(again.append("whole", "recomputed")).toBe(true);
    expect(again.get("whole")).toBe("recomputed");
    again.close();
    log.close();
  });
});

describe("trimNamespaces", () => {
  it("removes the least recently used namespaces until the root fits, never the kept ones", () => {
    const root = tempDir();
    const names = ["old", "middle", "recent"];
    names.forEach((name, i) => {
      const log = new ShardedLog<string>(join(root, name), { shards: 1, maxBytes: 1e6 });
      log.append("k", "z".repeat(1000));
      log.close();
      const t = new Date(Date.now() - (10 - i) * 60_000);
      utimesSync(join(root, name, "last-used"), t, t);
    });
    const one = statSync(join(root, "old", "shard-000.log")).size;
    const left = trimNamespaces(root, 2 * one + 10, [join(root, "old")]);
    expect(existsSync(join(root, "old"))).toBe(true);
    expect(existsSync(join(root, "middle"))).toBe(false);
    expect(existsSync(join(root, "recent"))).toBe(true);
    expect(left).toBeLessThanOrEqual(2 * one + 10);
  });
});
