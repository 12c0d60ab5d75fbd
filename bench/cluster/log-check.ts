/**
 * The final word on lost and duplicated commands: a session's whole log (GET /api/replays/:id with the host token),
 * read back after the load. Lost = an acknowledged guess whose α is not the last guess of that player in that round.
 * Duplicated = an event that one user action can produce once, there more than once: a player's guess of one α twice
 * in a round (every phone sends one α per round, so a second copy is a retry applied twice), a round opened, closed or
 * revealed twice, two steps to the same step count.
 */
import { describeZodError, errorMessage } from "@/lib/protocol";
import { SessionLogFileSchema, type SessionLogFile } from "@/lib/session/export-file";

export type LogCheck = { lost: number; duplicated: number; guessEvents: number; detail: string[] };

export async function fetchLog(url: string, sessionId: string, hostToken: string): Promise<SessionLogFile> {
  const response = await fetch(`${url}/api/replays/${encodeURIComponent(sessionId)}`, {
    headers: { authorization: `Bearer ${hostToken}`, "accept-encoding": "identity" },
    signal: AbortSignal.timeout(30_000),
  });
  if (response.status !== 200) throw new Error(`GET /api/replays/${sessionId}: ${response.status} ${(await response.text()).slice(0, 200)}`);
  const parsed = SessionLogFileSchema.safeParse(await response.json());
  if (!parsed.success) throw new Error(`GET /api/replays/${sessionId}: not a session log: ${describeZodError(parsed.error)}`);
  return parsed.data;
}

/** `acked`: for each round, player id → the α acknowledged to that player. */
export function checkLog(log: SessionLogFile, acked: ReadonlyMap<number, ReadonlyMap<string, number>>): LogCheck {
  const detail: string[] = [];
  const counts = new Map<string, number>();
  const lastGuess = new Map<string, number>();
  let guessEvents = 0;
  const count = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  for (const { event } of log.events) {
    switch (event.type) {
      case "guess.submitted":
        guessEvents++;
        count(`guess ${event.round} ${event.playerId} ${event.alpha}`);
        lastGuess.set(`${event.round} ${event.playerId}`, event.alpha);
        break;
      case "round.opened":
      case "round.closed":
      case "round.revealed":
        count(`${event.type} ${event.round}`);
        break;
      case "network.stepped":
        count(`step to ${event.step}`);
        break;
      default:
        break;
    }
  }
  let duplicated = 0;
  for (const [key, n] of counts) {
    if (n < 2) continue;
    duplicated += n - 1;
    if (detail.length < 5) detail.push(`${key}: ${n} times in the log`);
  }
  let lost = 0;
  for (const [round, players] of acked) {
    for (const [playerId, alpha] of players) {
      const stored = lastGuess.get(`${round} ${playerId}`);
      if (stored === alpha) continue;
      lost++;
      if (detail.length < 10) detail.push(`round ${round}, player ${playerId}: acknowledged α=${alpha}, log's last guess α=${stored}`);
    }
  }
  return { lost, duplicated, guessEvents, detail };
}

export async function checkSessionLog(
  url: string,
  sessionId: string,
  hostToken: string,
  acked: ReadonlyMap<number, ReadonlyMap<string, number>>,
): Promise<LogCheck> {
  try {
    return checkLog(await fetchLog(url, sessionId, hostToken), acked);
  } catch (error) {
    const players = [...acked.values()].reduce((sum, m) => sum + m.size, 0);
    return { lost: players, duplicated: 0, guessEvents: 0, detail: [`log not read: ${errorMessage(error)}`] };
  }
}
