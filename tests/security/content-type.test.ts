import { describe, expect, it } from "vitest";
import { useTestServer } from "../helpers/fixtures";
import { createSession } from "../helpers/lesson";
import { rawRequest } from "./raw-http";

/**
 * Bodies only as application/json: text/plain, form encodings and bodies without a content type are exactly what a
 * foreign page can send without a CORS preflight (a "simple request"), so none of them may reach a handler.
 */
describe("JSON-only request bodies", () => {
  const server = useTestServer();

  const create = JSON.stringify({});
  const simpleTypes = ["text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"];

  it.each(simpleTypes)("refuses POST /api/sessions sent as %s with 415 and creates nothing", async (type) => {
    const response = await rawRequest(`${server.url}/api/sessions`, { method: "POST", headers: { "content-type": type }, body: create });
    expect(response.status).toBe(415);
    expect(response.json()).toMatchObject({ ok: false, code: "UNSUPPORTED_MEDIA_TYPE" });
  });

  it("refuses a body with no content type at all, declared or chunked", async () => {
    const declared = await rawRequest(`${server.url}/api/sessions`, { method: "POST", body: create });
    expect(declared.status).toBe(415);
    const chunked = await rawRequest(`${server.url}/api/sessions`, { method: "POST", body: create, chunked: true });
    expect(chunked.status).toBe(415);
    expect(chunked.json()).toMatchObject({ code: "UNSUPPORTED_MEDIA_TYPE" });
  });

  it("refuses text/plain on every body-reading route: summaries and imports", async () => {
    for (const path of ["/api/sessions/summaries", "/api/replays"]) {
      const response = await rawRequest(`${server.url}${path}`, { method: "POST", headers: { "content-type": "text/plain" }, body: '{"ids":[]}' });
      expect(response.status, path).toBe(415);
      expect(response.json(), path).toMatchObject({ code: "UNSUPPORTED_MEDIA_TYPE" });
    }
  });

  it("accepts application/json, with a charset parameter and in any letter case", async () => {
    for (const type of ["application/json", "application/json; charset=utf-8", "Application/JSON;charset=UTF-8"]) {
      const response = await rawRequest(`${server.url}/api/sessions`, { method: "POST", headers: { "content-type": type }, body: create });
      expect(response.status, type).toBe(201);
    }
  });

  it("lets a DELETE without a body through, and refuses one with a text/plain body", async () => {
    const created = await createSession(server.url);
    const url = `${server.url}/api/sessions/${created.sessionId}`;
    const withBody = await rawRequest(url, {
      method: "DELETE",
      headers: { authorization: `Bearer ${created.hostToken}`, "content-type": "text/plain" },
      body: "please",
    });
    expect(withBody.status).toBe(415);
    const plain = await rawRequest(url, { method: "DELETE", headers: { authorization: `Bearer ${created.hostToken}` } });
    expect(plain.status).toBe(204);
  });

  it("still answers a POST with an empty body as a validation question, not a media-type one", async () => {
    const response = await rawRequest(`${server.url}/api/sessions/summaries`, { method: "POST" });
    expect(response.status).toBe(400);
    expect(response.json()).toMatchObject({ code: "INVALID_PAYLOAD" });
  });
});
