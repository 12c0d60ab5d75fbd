import { z } from "zod";
import type { HostSessionRecord } from "@/app/_lib/stored-credentials";
import { MAX_IMPORT_BYTES } from "@/lib/protocol";

const ImportedSchema = z.object({ ok: z.literal(true), sessionId: z.string(), joinCode: z.string(), hostToken: z.string() });
/** Just enough of an export to name it in "Your sessions"; the server checks the whole file. */
const NamedSchema = z.object({
  events: z.array(z.object({ event: z.object({ config: z.object({ name: z.string(), scenario: z.string() }) }) })).min(1),
});

export type ImportOutcome = { ok: true; record: HostSessionRecord } | { ok: false; message: string };

function nameOf(text: string): { title: string; scenario: string } {
  try {
    const named = NamedSchema.safeParse({ events: [(JSON.parse(text) as { events?: unknown[] }).events?.[0]] });
    if (named.success) return { title: named.data.events[0].event.config.name, scenario: named.data.events[0].event.config.scenario };
  } catch {
    // Not JSON: the server says so in its own words.
  }
  return { title: "Imported session", scenario: "" };
}

/**
 * Sends an exported session log to POST /api/replays. The server folds it and refuses it (with a message) when it does
 * not reproduce; on success the new session's host record is returned for this browser to keep.
 */
export async function importLog(file: File): Promise<ImportOutcome> {
  if (file.size > MAX_IMPORT_BYTES)
    return { ok: false, message: `This file is ${Math.round(file.size / 1048576)} MB; exports up to ${MAX_IMPORT_BYTES / 1048576} MB can be imported.` };
  const text = await file.text();
  let response: Response;
  try {
    response = await fetch("/api/replays", { method: "POST", headers: { "content-type": "application/json" }, body: text });
  } catch {
    return { ok: false, message: "Could not reach the server. Check the connection and try again." };
  }
  const body: unknown = await response.json().catch(() => null);
  const imported = ImportedSchema.safeParse(body);
  if (response.status === 201 && imported.success) {
    const { sessionId, joinCode, hostToken } = imported.data;
    return { ok: true, record: { sessionId, joinCode, hostToken, ...nameOf(text), createdAt: Date.now() } };
  }
  const message = body && typeof body === "object" && "message" in body && typeof body.message === "string" ? body.message : null;
  return { ok: false, message: message ?? `The server answered with status ${response.status}.` };
}
