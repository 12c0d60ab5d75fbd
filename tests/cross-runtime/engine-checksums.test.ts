import { getQuickJS } from "quickjs-emscripten";
import { beforeAll, describe, expect, it } from "vitest";
import { browserSkipReason, launchBrowser } from "../helpers/browser";
import { bundleEngineDriver } from "./engine-bundle";
import { LESSONS, traceLessons, type LessonSpec, type LessonTrace } from "./lesson-driver";

/**
 * Bit-exact everywhere: the same lessons (every scenario and dataset, noise on, every activation, both losses,
 * full and mini-batch, plain and momentum, generated data and the class's own scaled points, 200 steps; checksum and
 * loss bits every 10 steps, a reset with a new seed, a what-if curve, a heatmap, and for momentum the β curve and the
 * velocity, for tiny models the plain and momentum paths) must give identical results in Node (the engine imported), in QuickJS (a JavaScript engine that
 * is not V8, compiled to WebAssembly) and in headless Chromium (the bundle evaluated in a page). All three run the
 * full lesson list: on this 2-core machine QuickJS needs about 7 s for it.
 */
const LEGACY_PROBE = LESSONS.filter((l) => l.name.startsWith("spiral") || l.name.startsWith("curve sine"));

let bundle: string;
let node: LessonTrace[];

const driverCall = (specs: readonly LessonSpec[], legacy: boolean) =>
  `JSON.stringify(CrossRuntime.traceLessons(${JSON.stringify(specs)}, ${legacy}))`;

async function inQuickJS(specs: readonly LessonSpec[], legacy = false): Promise<LessonTrace[]> {
  const QuickJS = await getQuickJS();
  const vm = QuickJS.newContext();
  try {
    const handle = vm.unwrapResult(vm.evalCode(`${bundle}\n${driverCall(specs, legacy)}`, "engine-bundle.js"));
    const text = vm.getString(handle);
    handle.dispose();
    return JSON.parse(text) as LessonTrace[];
  } finally {
    vm.dispose();
  }
}

/** The first place two traces of the same lesson differ, or null. */
function firstDifference(a: LessonTrace, b: LessonTrace): string | null {
  for (const key of ["checksums", "losses", "extras"] as const) {
    const i = a[key].findIndex((v, j) => v !== b[key][j]);
    if (i >= 0 || a[key].length !== b[key].length) return `${a.name}: ${key}[${i}] ${a[key][i]} vs ${b[key][i]}`;
  }
  return null;
}

function compare(reference: LessonTrace[], other: LessonTrace[]): string[] {
  expect(other.map((t) => t.name)).toEqual(reference.map((t) => t.name));
  return reference.map((t, i) => firstDifference(t, other[i])).filter((d): d is string => d !== null);
}

beforeAll(async () => {
  bundle = await bundleEngineDriver();
  node = traceLessons(LESSONS);
}, 60_000);

describe("engine checksums are identical across JavaScript engines", () => {
  it("the lesson list covers every scenario, dataset, activation and loss, full and mini-batch", () => {
    const configs = LESSONS.map((l) => l.config as Record<string, unknown>);
    const has = (key: string, value: unknown) => configs.some((c) => c[key] === value);
    for (const s of ["one-weight", "line-fit", "classification", "curve-fit"]) expect(has("scenario", s), s).toBe(true);
    for (const d of ["circle", "xor", "gaussian", "spiral", "moons"]) expect(has("dataset", d), d).toBe(true);
    for (const t of ["sine", "parabola", "abs", "step"]) expect(has("target", t), t).toBe(true);
    for (const loss of ["bce", "mse"]) expect(configs.some((c) => c.scenario === "classification" && (c.loss ?? "bce") === loss), loss).toBe(true);
    const activations = new Set(configs.flatMap((c) => ((c.hiddenLayers as { activation: string }[] | undefined) ?? [{ activation: "tanh" }]).map((h) => h.activation)));
    expect([...activations].sort()).toEqual(["linear", "relu", "sigmoid", "tanh"]);
    expect(configs.some((c) => typeof c.batchSize === "number")).toBe(true);
    const optimizer = (c: Record<string, unknown>) => (c.optimizer as { kind: string } | undefined)?.kind;
    expect(configs.some((c) => optimizer(c) === "momentum" && typeof c.batchSize === "number"), "momentum mini-batch").toBe(true);
    expect(configs.some((c) => c.data !== undefined && optimizer(c) === "momentum"), "own data with momentum").toBe(true);
    expect(configs.some((c) => c.data !== undefined && c.scenario === "classification"), "own classification data").toBe(true);
    expect(configs.every((c) => (c.noise as number) > 0)).toBe(true);
    expect(LESSONS.every((l) => l.steps === 200)).toBe(true);
    // Training really happened: losses moved and checksums changed along the way.
    for (const t of node) expect(new Set(t.checksums).size, t.name).toBeGreaterThan(5);
  });

  it("QuickJS (not V8) reproduces every checksum, loss and what-if bit of Node", async () => {
    const quick = await inQuickJS(LESSONS);
    expect(compare(node, quick)).toEqual([]);
  }, 120_000);

  it.skipIf(!!browserSkipReason)("headless Chromium reproduces every checksum, loss and what-if bit of Node", async () => {
    const { browser, close } = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto("about:blank");
      const text = await page.evaluate(`${bundle}\n${driverCall(LESSONS, false)}`);
      expect(compare(node, JSON.parse(text as string) as LessonTrace[])).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);

  it("the legacy Math.* path does differ between V8 and QuickJS (what this test guards against)", async () => {
    const nodeLegacy = traceLessons(LEGACY_PROBE, true);
    const quickLegacy = await inQuickJS(LEGACY_PROBE, true);
    expect(compare(nodeLegacy, quickLegacy).length).toBeGreaterThan(0);
  }, 120_000);
});

if (browserSkipReason) console.warn(`engine-checksums: Chromium part ${browserSkipReason}`);
