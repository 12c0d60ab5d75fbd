import { describe, expect, it } from "vitest";
import { useTestServer } from "../helpers/fixtures";

/**
 * The HTTP edge refuses text the database cannot store (a lone UTF-16 surrogate, NUL) anywhere in a body — including
 * fields the body schema passes on unparsed, like a session's name inside `config` — with 400 INVALID_PAYLOAD,
 * instead of failing later in a write.
 */
describe("HTTP bodies with unstorable text", () => {
  const server = useTestServer();

  const post = (path: string, body: unknown) =>
    fetch(`${server.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

  it.each([
    ["a lone surrogate in a session name", { config: { scenario: "one-weight", name: "Lesson \ud800" } }],
    ["NUL in a session name", { config: { scenario: "one-weight", name: "Les\u0000son" } }],
    ["a lone surrogate in an object key", { config: { scenario: "one-weight", ["\udfff"]: 1 } }],
  ])("refuses %s when creating a session", async (_label, body) => {
    const response = await post("/api/sessions", body);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ ok: false, code: "INVALID_PAYLOAD" });
  });

  it("refuses them in session summaries too, and still creates an ordinary session", async () => {
    const summaries = await post("/api/sessions/summaries", { ids: ["abc\u0000defghijk"] });
    expect(summaries.status).toBe(400);
    expect(await summaries.json()).toMatchObject({ code: "INVALID_PAYLOAD" });
    const created = await post("/api/sessions", { config: { scenario: "one-weight", name: "Lesson 👩‍💻 α" } });
    expect(created.status).toBe(201);
  });
});
