import { beforeEach, describe, expect, it } from "vitest";
import { Table } from "../frame";
import { Library, StoreError } from "./index";
import { day, useMemoryLibrary } from "./testing";

const closes = (t: Table) => Array.from(t.array("close") as ArrayLike<number>);

let lib: Library;
useMemoryLibrary((store) => ({ lib } = store));

describe("sql", () => {
  beforeEach(async () => {
    await lib.write("AAPL", { timestamp: [new Date(day(1)), new Date(day(2)), new Date(day(3))], close: [10, 20, 30], volume: [1, 2, 3] });
    await lib.write("MSFT", { timestamp: [new Date(day(2)), new Date(day(3))], close: [200, 300], volume: [5, 6] });
  });

  it("runs a SELECT over the latest version of a {SYMBOL}", async () => {
    await lib.append("AAPL", { timestamp: [new Date(day(4))], close: [40], volume: [4] });
    const t = await lib.sql("select timestamp, close from {AAPL} where close > 15 order by timestamp");
    expect(t.columnNames()).toEqual(["timestamp", "close"]);
    expect(Array.from(t.array("close") as ArrayLike<number>)).toEqual([20, 30, 40]);
    expect(Array.from(t.array("timestamp") as ArrayLike<number>)).toEqual([day(2), day(3), day(4)]);
  });

  it("with asOf reads the version it names (number or snapshot)", async () => {
    await lib.snapshot("s");
    await lib.append("AAPL", { timestamp: [new Date(day(4))], close: [40], volume: [4] });
    const sum = async (asOf: number | string) =>
      Array.from((await lib.sql("select sum(close) as s from {AAPL}", { asOf })).array("s") as ArrayLike<number>);
    expect(await sum(0)).toEqual([60]);
    expect(await sum("s")).toEqual([60]);
    expect(Array.from((await lib.sql("select sum(close) as s from {AAPL}")).array("s") as ArrayLike<number>)).toEqual([100]);
  });

  it("joins two symbols", async () => {
    const t = await lib.sql(
      "select a.timestamp, a.close as aapl, m.close as msft from {AAPL} a join {MSFT} m on a.timestamp = m.timestamp order by 1",
    );
    expect(Array.from(t.array("aapl") as ArrayLike<number>)).toEqual([20, 30]);
    expect(Array.from(t.array("msft") as ArrayLike<number>)).toEqual([200, 300]);
  });

  it("leaves braces inside string literals and doubled braces alone", async () => {
    const t = await lib.sql("select '{AAPL}' as lit, '{{x}}' as lit2, count(*) as n from {AAPL}");
    expect(Array.from(t.array("lit") as ArrayLike<string>)).toEqual(["{AAPL}"]);
    expect(Array.from(t.array("lit2") as ArrayLike<string>)).toEqual(["{{x}}"]);
    expect(Number((t.array("n") as ArrayLike<number>)[0])).toBe(3);
    const braces = await lib.sql("select {{'a': 1}}.a as one from {AAPL} limit 1");
    expect(Number((braces.array("one") as ArrayLike<number>)[0])).toBe(1);
  });

  it("allows a WITH query using placeholders", async () => {
    const t = await lib.sql("with x as (select close from {MSFT}) select max(close) as m from x");
    expect(Array.from(t.array("m") as ArrayLike<number>)).toEqual([300]);
  });

  it.each([
    ["DELETE", "delete from {AAPL}"],
    ["DELETE from the catalog", "delete from ql_versions where symbol_id in (select 1 from {AAPL})"],
    ["CREATE", "create table t as select * from {AAPL}"],
    ["DROP", "drop table ql_versions"],
    ["INSERT", "insert into ql_meta values ('x', 'y')"],
    ["UPDATE", "update ql_versions set deleted = true"],
    ["ATTACH", "attach '/tmp/x.duckdb' as x"],
    ["PRAGMA", "pragma version"],
  ])("rejects a %s statement with InvalidDataError and changes nothing", async (_kind, text) => {
    const error = await lib.sql(text).catch((e: unknown) => e);
    expect(error, text).toBeInstanceOf(StoreError);
    expect((error as StoreError).code, text).toBe("INVALID_DATA");
    expect(await lib.listSymbols()).toEqual(["AAPL", "MSFT"]);
    expect(closes((await lib.read("AAPL")).data)).toEqual([10, 20, 30]);
    expect((await lib.listVersions()).length).toBe(2);
  });

  it.each(["select 1; select 2", "select * from {AAPL}; drop table ql_versions", "select 1; delete from ql_versions"])(
    "rejects multiple statements %j with InvalidDataError and changes nothing",
    async (text) => {
      const error = await lib.sql(text).catch((e: unknown) => e);
      expect(error, text).toBeInstanceOf(StoreError);
      expect((error as StoreError).code, `${text}: ${(error as Error).message}`).toBe("INVALID_DATA");
      expect(await lib.listSymbols()).toEqual(["AAPL", "MSFT"]);
      expect((await lib.listVersions()).map((v) => v.version)).toEqual([0, 0]);
      expect(closes((await lib.read("MSFT")).data)).toEqual([200, 300]);
    },
  );

  it("an unknown symbol throws SymbolNotFoundError naming it", async () => {
    const error = await lib.sql("select * from {NOPE}").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe("SYMBOL_NOT_FOUND");
    expect((error as StoreError).symbol).toBe("NOPE");
  });

  it("a SQL error is a StoreError carrying DuckDB's message", async () => {
    const error = await lib.sql("select no_such_column from {AAPL}").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toContain("no_such_column");
  });

  it.each([`O'Reilly`, `x'; DROP TABLE ql_versions; --`, `say "hi"`, `a b; c`, `株式 📈`])(
    "a symbol named %j is stored faithfully and usable in a placeholder",
    async (name) => {
      await lib.write(name, { timestamp: [new Date(day(1))], close: [42] });
      expect(await lib.listSymbols()).toContain(name);
      const t = await lib.sql(`select close from {${name}}`);
      expect(Array.from(t.array("close") as ArrayLike<number>)).toEqual([42]);
      const joined = await lib.sql(`select count(*) as n from {${name}} x join {AAPL} a on x.timestamp = a.timestamp`);
      expect(Number((joined.array("n") as ArrayLike<number>)[0])).toBe(1);
      expect((await lib.listVersions()).length, "the catalog is intact").toBe(3);
    },
  );
});
