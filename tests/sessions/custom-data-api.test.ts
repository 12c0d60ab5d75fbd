import { afterAll, describe, expect, it } from "vitest";
import { checksum, createState, dataScaling, deserializeState, runSteps, type EngineState } from "@/lib/engine";
import { ErrorResponseSchema, type HostView } from "@/lib/protocol";
import { useTestServer } from "../helpers/fixtures";
import { attachHost, createSession, type Host } from "../helpers/lesson";

/**
 * POST /api/sessions with the class's own points (config.data.points): a real server creates the lesson on them —
 * the console's engine state holds exactly those points, scaled by the engine's rule, and steps as a local replay of
 * the stored config does — and refuses bad rows with 400 issues that name the row numbers.
 */

/** 30 measurements of y ≈ 2x + 1 with x from 0 to 290 (so the engine divides x by 1000). */
const POINTS = Array.from({ length: 30 }, (_, i) => [i * 10, 2 * (i * 10) + 1 + ((i * 7) % 5) - 2]);

async function post(url: string, body: unknown) {
  const response = await fetch(`${url}/api/sessions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as unknown };
}

/** The engine the console is drawing, rebuilt from its view as the page does. */
function engineOf(view: HostView): EngineState {
  return deserializeState(view.engine);
}

describe("a lesson on the class's own data", () => {
  const server = useTestServer();
  const hosts: Host[] = [];
  afterAll(() => {
    for (const h of hosts) h.socket.close();
  });

  it("creates the session on the given points, scaled, split and stepped exactly as a replay of the config", async () => {
    const created = await createSession(server.url, {
      config: { scenario: "line-fit", seed: 3, numPoints: 500, trainFraction: 0.8, data: { points: POINTS } },
    });
    const host = await attachHost(server.url, created);
    hosts.push(host);
    const view = await host.views.waitFor((v) => v.engine.step === 0);
    const engine = engineOf(view);
    expect(engine.config.data?.points).toEqual(POINTS);
    expect(dataScaling(engine.config)).toMatchObject({ x: 1000, y: 100 });
    // All 30 points (numPoints ignored), 24 for training, each one the scaled given point.
    expect([engine.data.nTrain, engine.data.nTest]).toEqual([24, 6]);
    const served = Array.from(engine.data.x, (x, i) => [x, engine.data.y[i]]).sort((a, b) => a[0] - b[0]);
    expect(served).toEqual(POINTS.map(([x, y]) => [x / 1000, y / 100]));
    expect(view.history[0].trainLoss).toBe(createState(engine.config).loss);

    expect(await host.send("network:run", { alpha: 0.5, steps: 5 })).toMatchObject({ ok: true, stepsApplied: 5 });
    const after = await host.views.waitFor((v) => v.engine.step === 5);
    let replay = createState(engine.config);
    for (let i = 0; i < 5; i++) replay = runSteps(replay, 0.5, 1).state;
    expect(checksum(engineOf(after))).toBe(checksum(replay));
  });

  it("a momentum lesson on classification points keeps its velocity in the served state", async () => {
    const points = Array.from({ length: 40 }, (_, i) => [((i * 37) % 41) - 20, ((i * 53) % 43) - 21, i % 2]);
    const created = await createSession(server.url, {
      config: { scenario: "classification", seed: 5, data: { points }, optimizer: { kind: "momentum", beta: 0.9 } },
    });
    const host = await attachHost(server.url, created);
    hosts.push(host);
    expect(await host.send("network:run", { alpha: 0.1, steps: 3 })).toMatchObject({ ok: true, stepsApplied: 3 });
    const engine = engineOf(await host.views.waitFor((v) => v.engine.step === 3));
    expect(dataScaling(engine.config)?.x).toBe(10);
    expect(engine.data.y.length).toBe(40);
    expect(Array.from(engine.velocity).some((v) => v !== 0)).toBe(true);
    let replay = createState(engine.config);
    for (let i = 0; i < 3; i++) replay = runSteps(replay, 0.1, 1).state;
    expect(checksum(engine)).toBe(checksum(replay));
  });

  it("takes the largest data allowed: 1,000 measured points with three decimals", async () => {
    const milli = (v: number) => Math.round(v * 1000) / 1000;
    // e.g. heights (cm) and arm spans (cm) of a year group, label = plays basketball
    const points = Array.from({ length: 1000 }, (_, i) => [milli(150.5 + ((i * 37) % 400) / 7), milli(148.25 + ((i * 91) % 450) / 9), i % 2]);
    const body = { config: { scenario: "classification", data: { points } } };
    const { status, json } = await post(server.url, body);
    // About 20 KB of JSON: the create-session body limit must leave room for the largest data the schema allows.
    expect({ status, bytes: JSON.stringify(body).length, json: status === 201 ? null : json }).toMatchObject({ status: 201, json: null });
  });

  it("refuses bad rows with 400 issues naming each row, 1-based", async () => {
    const points: unknown[] = POINTS.map((p) => [...p, 1]);
    points[12] = [1, 2];
    points[3] = [1, 2, 7];
    const { status, json } = await post(server.url, { config: { scenario: "classification", data: { points } } });
    expect(status).toBe(400);
    const body = ErrorResponseSchema.parse(json);
    expect(body.code).toBe("INVALID_PAYLOAD");
    expect(body.message).toMatch(/row 13: needs 3 values \(x1, x2, label\), got 2/);
    expect(body.issues).toEqual([
      { path: ["config", "data", "points", 3], message: "row 4: label must be 0 or 1 (got 7)" },
      { path: ["config", "data", "points", 12], message: "row 13: needs 3 values (x1, x2, label), got 2" },
    ]);
  });

  it("refuses too few points, non-numbers and a regression row of three", async () => {
    const few = await post(server.url, { config: { scenario: "line-fit", data: { points: [[1, 2], [3, 4]] } } });
    expect(few.status).toBe(400);
    expect(ErrorResponseSchema.parse(few.json).issues).toEqual([
      { path: ["config", "data", "points"], message: "needs at least 4 points (got a list of 2)" },
    ]);
    const bad = await post(server.url, { config: { scenario: "curve-fit", data: { points: [[1, 2], [3, "4"], [5, 6, 7], [8, null]] } } });
    expect(bad.status).toBe(400);
    expect(ErrorResponseSchema.parse(bad.json).issues?.map((i) => i.message)).toEqual([
      "row 2: y is not a finite number",
      "row 3: needs 2 values (x, y), got 3",
      "row 4: y is not a finite number",
    ]);
  });
});
