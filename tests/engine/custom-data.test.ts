/** The class's own points: CSV parsing, per-row schema errors, the scaling rule, the dataset, and replay determinism. */
import { describe, expect, it } from "vitest";
import {
  CONFIG_LIMITS,
  DataPointsSchema,
  EngineConfigError,
  MAX_CSV_ERRORS,
  MAX_ROW_ISSUES,
  checksum,
  createState,
  dataScaling,
  datasetPoints,
  deserializeState,
  generateDataset,
  parseConfig,
  parsePointsCsv,
  runSteps,
  serializeState,
  type ConfigIssue,
  type EngineConfigInput,
} from "@/lib/engine";

function issuesOf(input: unknown): readonly ConfigIssue[] {
  try {
    parseConfig(input);
  } catch (e) {
    if (e instanceof EngineConfigError) return e.issues;
    throw e;
  }
  throw new Error("expected the configuration to be refused");
}

const line = (i: number) => [i, 2 * i - 1];

describe("parsePointsCsv", () => {
  it("reads comma-separated x,y with a header, blank lines and surrounding spaces", () => {
    const r = parsePointsCsv("x,y\n\n 1, 2 \n3,4\n\n-5.5,6e1\n+.5 ,  -7\n", "line-fit");
    expect(r.errors).toEqual([]);
    expect(r.header).toEqual(["x", "y"]);
    expect(r.points).toEqual([[1, 2], [3, 4], [-5.5, 60], [0.5, -7]]);
  });

  it("reads semicolons with decimal commas, tabs, spaces, quotes, CRLF, a byte-order mark and trailing separators", () => {
    expect(parsePointsCsv("x;y\r\n1,5;2\r\n3;4,25\r\n5;6;\r\n7;8", "one-weight").points).toEqual([[1.5, 2], [3, 4.25], [5, 6], [7, 8]]);
    expect(parsePointsCsv("\uFEFF1\t2\t1\n3\t4\t0\n5\t6\t1\n7\t8\t0\n", "classification").points).toEqual([[1, 2, 1], [3, 4, 0], [5, 6, 1], [7, 8, 0]]);
    expect(parsePointsCsv("1 2\n3   4\n 5 6\n7 8", "curve-fit").points).toEqual([[1, 2], [3, 4], [5, 6], [7, 8]]);
    expect(parsePointsCsv('"x","y"\n"1","2"\n"3","4"\n"5","6"\n"7","8"', "line-fit")).toMatchObject({ header: ["x", "y"], errors: [] });
  });

  it("names the line of every problem; valid lines still come through", () => {
    const text = ["x1,x2,label", "1,2,1", "3,4,2", "5,6,0", "7,8", "9", "1,abc,0", "1,2,3,4", "1e999,2,0", "1,,0", "2,2,1"].join("\n");
    const r = parsePointsCsv(text, "classification");
    expect(r.points).toEqual([[1, 2, 1], [5, 6, 0], [2, 2, 1]]);
    expect(r.errors).toEqual([
      { line: 3, message: "line 3: label must be 0 or 1 (got 2)" },
      { line: 5, message: "line 5: missing the label column" },
      { line: 6, message: "line 6: missing the x2 and label columns" },
      { line: 7, message: "line 7: 'abc' is not a number" },
      { line: 8, message: "line 8: has 4 values; expected 3 (x1, x2, label)" },
      { line: 9, message: "line 9: '1e999' is not a finite number" },
      { line: 10, message: "line 10: the x2 value is empty" },
      { line: 0, message: "needs at least 4 points (got 3)" },
    ]);
    expect(parsePointsCsv("1\n2\n3\n4", "line-fit").errors[0]).toEqual({ line: 1, message: "line 1: missing the y column" });
  });

  it("a first line with a number is data, not a header", () => {
    const r = parsePointsCsv("1,abc\n1,2\n3,4\n5,6\n7,8", "line-fit");
    expect(r.header).toBeNull();
    expect(r.errors).toEqual([{ line: 1, message: "line 1: 'abc' is not a number" }]);
  });

  it("enforces 4…1000 points and caps the error list", () => {
    const ok = Array.from({ length: CONFIG_LIMITS.maxDataPoints }, (_, i) => `${i},${i}`).join("\n");
    expect(parsePointsCsv(ok, "line-fit").errors).toEqual([]);
    expect(parsePointsCsv(`${ok}\n1,1`, "line-fit").errors).toEqual([{ line: 0, message: "allows at most 1000 points (got 1001)" }]);
    expect(parsePointsCsv("", "line-fit").errors).toEqual([{ line: 0, message: "needs at least 4 points (got 0)" }]);
    const bad = parsePointsCsv(Array.from({ length: 80 }, () => "a,b,c").join("\n").replace("a,b,c", "1,2,3"), "line-fit");
    expect(bad.errors).toHaveLength(MAX_CSV_ERRORS + 2);
    expect(bad.errors.at(-2)).toEqual({ line: 0, message: "…and 30 more lines with errors" });
  });

  it("what it returns is accepted by the schema", () => {
    const r = parsePointsCsv("x1;x2;label\n1;2;1\n-1;0,5;0\n2;2;1\n0;0;0", "classification");
    const config = parseConfig({ scenario: "classification", data: { points: r.points } });
    expect(config.data?.points).toEqual(r.points);
  });
});

describe("config.data in the scenario schemas", () => {
  it("names the row, 1-based, in path and message, without repeating the value", () => {
    const points = [[1, 2, 1], [1, 2], [1, 2, 2], [1, null, 0], "x", [0, 0, 0]];
    expect(issuesOf({ scenario: "classification", data: { points } })).toEqual([
      { path: "data.points[1]", keys: ["data", "points", 1], message: "row 2: needs 3 values (x1, x2, label), got 2" },
      { path: "data.points[2]", keys: ["data", "points", 2], message: "row 3: label must be 0 or 1 (got 2)" },
      { path: "data.points[3]", keys: ["data", "points", 3], message: "row 4: x2 is not a finite number" },
      { path: "data.points[4]", keys: ["data", "points", 4], message: "row 5: must be a list of 3 numbers (x1, x2, label)" },
    ]);
    expect(issuesOf({ scenario: "line-fit", data: { points: [[1, 2], [3, 4], [5, "6"], [7, 8, 9]] } }).map((i) => i.message)).toEqual([
      "row 3: y is not a finite number",
      "row 4: needs 2 values (x, y), got 3",
    ]);
  });

  it("enforces 4…1000 rows, and reports at most 20 rows plus a count", () => {
    expect(issuesOf({ scenario: "line-fit", data: { points: [[1, 2], [3, 4]] } })[0].message).toMatch(/needs at least 4 points/);
    const many = Array.from({ length: 1001 }, (_, i) => line(i));
    expect(issuesOf({ scenario: "line-fit", data: { points: many } })[0].message).toMatch(/at most 1000 points/);
    const bad = Array.from({ length: 50 }, () => [1]);
    const issues = issuesOf({ scenario: "curve-fit", data: { points: bad } });
    expect(issues).toHaveLength(MAX_ROW_ISSUES + 1);
    expect(issues.at(-1)).toMatchObject({ path: "data.points", message: "…and 30 more rows with problems" });
    expect(issuesOf({ scenario: "line-fit", data: { points: [[1, 2], [3, 4], [5, 6], [7, 8]], extra: 1 } })[0].path).toBe("data");
  });

  it("ignores numPoints (even one that disagrees) and keeps other fields' checks", () => {
    const config = parseConfig({ scenario: "line-fit", numPoints: 500, data: { points: [line(1), line(2), line(3), line(4)] } });
    expect(generateDataset(config).y).toHaveLength(4);
    expect(issuesOf({ scenario: "line-fit", numPoints: 3, data: { points: [line(1), line(2), line(3), line(4)] } })[0].path).toBe("numPoints");
  });

  it("DataPointsSchema alone takes any scenario's rows", () => {
    expect(DataPointsSchema.safeParse({ points: [[1, 2], [1, 2, 1], [3, 4], [5, 6]] }).success).toBe(true);
    const r = DataPointsSchema.safeParse({ points: [[1], [1, 2], [3, 4], [5, 6]] });
    expect(r.error?.issues[0].message).toBe("row 1: needs 2 values (x, y) or 3 (x1, x2, label), got 1");
  });
});

describe("scaling", () => {
  const cfg = (input: EngineConfigInput) => parseConfig(input);

  it("keeps points that fit the scenario's domain, and says so", () => {
    const c = cfg({ scenario: "line-fit", data: { points: [[-2, 20], [0, 0], [1.5, -3], [2, 1]] } });
    expect(dataScaling(c)).toEqual({ x: 1, y: 1, note: "The points are used as given (x fits −2…2, y fits −20…20)." });
    expect(dataScaling(cfg({ scenario: "line-fit" }))).toBeNull();
  });

  it("divides x and y by the smallest power of ten that makes them fit", () => {
    const c = cfg({ scenario: "line-fit", data: { points: [[150, 3], [170, 45], [-190, 7], [200, 8]] } });
    expect(dataScaling(c)).toEqual({ x: 100, y: 10, note: "x divided by 100 and y divided by 10 so the points fit x −2…2, y −20…20." });
    const data = generateDataset(c);
    expect([...data.x].sort((a, b) => a - b)).toEqual([-1.9, 1.5, 1.7, 2]);
    expect([...data.y].sort((a, b) => a - b)).toEqual([0.3, 0.7, 0.8, 4.5]);
    expect(dataScaling(cfg({ scenario: "curve-fit", data: { points: [[1, 3.5], [2, 1], [3, 0], [0, 0]] } }))?.note).toBe(
      "y divided by 10 so the points fit x −3…3, y −3…3.",
    );
  });

  it("classification: one factor for x1 and x2, labels untouched", () => {
    const c = cfg({ scenario: "classification", data: { points: [[10, 1, 1], [-70, 2, 0], [3, 4, 1], [0, 5, 0]] } });
    expect(dataScaling(c)).toEqual({ x: 100, y: 1, note: "x1 and x2 divided by 100 so the points fit −6…6." });
    const pts = datasetPoints(createState(c)).points.map((p) => [...p.x, p.y]);
    expect(pts.sort((a, b) => a[0] - b[0])).toEqual([[-0.7, 0.02, 0], [0, 0.05, 0], [0.03, 0.04, 1], [0.1, 0.01, 1]]);
  });
});

describe("the dataset from the class's points", () => {
  const points = Array.from({ length: 10 }, (_, i) => [i / 5 - 1, i % 3]);
  const config = parseConfig({ scenario: "curve-fit", seed: 4, trainFraction: 0.7, data: { points } });

  it("is a seeded shuffle of the points, split by trainFraction, with a domain spanning them", () => {
    const data = generateDataset(config);
    expect(data.nTrain).toBe(7);
    expect(data.nTest).toBe(3);
    const got = Array.from(data.x, (x, i) => [x, data.y[i]]).sort((a, b) => a[0] - b[0]);
    expect(got).toEqual([...points].sort((a, b) => a[0] - b[0]));
    expect(Array.from(data.x)).not.toEqual(points.map((p) => p[0])); // shuffled
    expect(generateDataset({ ...config, seed: 5 }).x).not.toEqual(data.x);
    const [lo, hi] = data.domain[0];
    expect(lo).toBeCloseTo(-1 - 0.18, 12);
    expect(hi).toBeCloseTo(0.8 + 0.18, 12);
  });

  it("keeps at least one training point", () => {
    const tiny = parseConfig({ scenario: "line-fit", trainFraction: 0.1, data: { points: [line(1), line(2), line(3), line(4)] } });
    expect(generateDataset(tiny)).toMatchObject({ nTrain: 1, nTest: 3 });
  });

  it("trains to the least-squares line of the given points", () => {
    const c = parseConfig({ scenario: "line-fit", data: { points: [[0, 1], [1, 3], [2, 5], [-1, -1], [0.5, 2]] } });
    const s = runSteps(createState(c), 0.3, 300).state;
    expect(s.params[0]).toBeCloseTo(2, 6);
    expect(s.params[1]).toBeCloseTo(1, 6);
  });

  it("replays exactly: the same config (also through JSON) gives the same checksums", () => {
    const trace = (input: unknown) => {
      let s = createState(parseConfig(input));
      const sums = [checksum(s)];
      for (let i = 0; i < 5; i++) {
        s = runSteps(s, 0.1, 10).state;
        sums.push(checksum(s));
      }
      return { sums, s };
    };
    const live = trace(config);
    expect(trace(JSON.parse(JSON.stringify(config)) as unknown).sums).toEqual(live.sums);
    const back = deserializeState(JSON.parse(JSON.stringify(serializeState(live.s))) as unknown);
    expect(checksum(back)).toBe(live.sums.at(-1));
    expect(back.data.x).toEqual(live.s.data.x);
    // Momentum and mini-batches on the class's data replay too.
    const mb = { ...config, batchSize: 3, optimizer: { kind: "momentum", beta: 0.9 } };
    expect(trace(mb).sums).toEqual(trace(JSON.parse(JSON.stringify(mb)) as unknown).sums);
  });

  it("−0 in the points is read as 0, as it will be after the log's JSON", () => {
    const a = generateDataset(parseConfig({ scenario: "line-fit", data: { points: [[-0, 1], [1, -0], [2, 3], [3, 4]] } }));
    for (const v of [...a.x, ...a.y]) expect(Object.is(v, -0)).toBe(false);
  });
});
