import { beforeAll, describe, expect, it } from "vitest";
import { fieldIssue } from "@/app/_components/landing/config-issues";
import { ErrorResponseSchema } from "@/lib/protocol";
import { createTempDataDir } from "../helpers/database";
import { startTestServer } from "../helpers/server";

/**
 * POST /api/sessions answers a bad config or bad rules with the stable code and message as before, plus each problem
 * as data (`issues`, paths into the body), which is what the start form puts next to its fields.
 */
describe("structured errors for an invalid session config", () => {
  let baseUrl = "";
  beforeAll(async () => {
    const dataDir = await createTempDataDir();
    const server = await startTestServer({ dataDir: dataDir.path });
    baseUrl = server.url;
    return async () => {
      await server.close();
      await dataDir.remove();
    };
  });

  /** Creates a session from `body` and reads the error body by the protocol's own schema. */
  async function create(body: unknown) {
    const init = { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
    const response = await fetch(`${baseUrl}/api/sessions`, init);
    return { status: response.status, body: ErrorResponseSchema.parse(await response.json()) };
  }

  it("lists each engine config problem with its path under config", async () => {
    const { status, body } = await create({
      config: { scenario: "classification", numPoints: 3, hiddenLayers: [{ neurons: 4, activation: "tanh" }, { neurons: 0, activation: "tanh" }] },
    });
    expect(status).toBe(400);
    expect(body.code).toBe("INVALID_PAYLOAD");
    // The human message stays for clients that show only that.
    expect(body.message).toMatch(/numPoints/);
    expect(body.message).toMatch(/hiddenLayers\[1\]\.neurons/);
    expect(body.issues).toEqual(
      expect.arrayContaining([
        { path: ["config", "numPoints"], message: expect.stringMatching(/\S/) },
        { path: ["config", "hiddenLayers", 1, "neurons"], message: expect.stringMatching(/\S/) },
      ]),
    );
    expect(body.issues).toHaveLength(2);
    expect(body.issues!.map(fieldIssue).map(({ field, label }) => ({ field, label }))).toEqual(
      expect.arrayContaining([
        { field: "numPoints", label: "Number of points" },
        { field: "hiddenLayers", label: "Hidden layer 2 neurons" },
      ]),
    );
  });

  it("lists a rules problem with its path under rules", async () => {
    const { status, body } = await create({ rules: { alphaMin: 1, alphaMax: 0.1 } });
    expect(status).toBe(400);
    expect(body.code).toBe("INVALID_PAYLOAD");
    expect(body.message).toMatch(/rules\.alphaMin/);
    expect(body.issues).toEqual([{ path: ["rules", "alphaMin"], message: "alphaMin must be below alphaMax" }]);
    expect(fieldIssue(body.issues![0])).toEqual({ field: "rules", label: "Rules", message: "alphaMin must be below alphaMax" });
  });

  it("sends no issues for errors that are not about the body's fields", async () => {
    const { status, body } = await create({ continueFrom: { sessionId: "nosuchsession", seq: 1 } });
    expect(status).toBe(404);
    expect(body.issues).toBeUndefined();
  });

  it("still refuses a body over the create limit (room for 1,000 data rows, no more)", async () => {
    const points = Array.from({ length: 5000 }, (_, i) => [i + 0.123456789012, i - 0.987654321098]);
    const { status, body } = await create({ config: { scenario: "line-fit", data: { points } } });
    expect(status).toBe(413);
    expect(body.code).toBe("PAYLOAD_TOO_LARGE");
  });
});
