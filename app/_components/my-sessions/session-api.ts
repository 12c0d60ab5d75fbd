import { z } from "zod";
import { SessionListItemSchema, type SessionListItem } from "@/lib/protocol/session-list";

/** The server takes at most this many ids per request. */
const MAX_IDS = 100;
const SummariesSchema = z.object({ ok: z.literal(true), sessions: z.array(SessionListItemSchema) });

function messageOf(body: unknown): string | null {
  return body && typeof body === "object" && "message" in body && typeof body.message === "string" ? body.message : null;
}

/** Summaries of the given sessions by id; ids the server does not know are simply absent. Throws with a readable message. */
export async function fetchSummaries(ids: readonly string[]): Promise<Map<string, SessionListItem>> {
  const found = new Map<string, SessionListItem>();
  for (let i = 0; i < ids.length; i += MAX_IDS) {
    let response: Response;
    try {
      response = await fetch("/api/sessions/summaries", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ ids: ids.slice(i, i + MAX_IDS) }),
      });
    } catch {
      throw new Error("Could not reach the server.");
    }
    const body: unknown = await response.json().catch(() => null);
    const parsed = SummariesSchema.safeParse(body);
    if (!response.ok || !parsed.success) throw new Error(messageOf(body) ?? `The server answered with status ${response.status}.`);
    for (const s of parsed.data.sessions) found.set(s.id, s);
  }
  return found;
}

/** Deletes a session with its host token. A session that is already gone counts as deleted. */
export async function deleteSession(sessionId: string, hostToken: string): Promise<{ ok: true } | { ok: false; message: string }> {
  let response: Response;
  try {
    response = await fetch(`/api/sessions/${encodeURIComponent(sessionId)}`, { method: "DELETE", headers: { authorization: `Bearer ${hostToken}` } });
  } catch {
    return { ok: false, message: "Could not reach the server. Try again." };
  }
  if (response.status === 204 || response.status === 404) return { ok: true };
  const body: unknown = await response.json().catch(() => null);
  return { ok: false, message: messageOf(body) ?? `The server refused (status ${response.status}).` };
}
