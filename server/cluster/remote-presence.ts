/** A node's word on who it has sockets for is trusted this long; nodes repeat it every PRESENCE_REFRESH_MS. */
export const PRESENCE_TTL_MS = 15_000;
export const PRESENCE_REFRESH_MS = 5_000;

/**
 * Which players have a socket on other nodes, per session, as those nodes announced it. An announcement replaces the
 * node's earlier one; a node that stops announcing (killed) drops out after PRESENCE_TTL_MS.
 */
export class RemotePresence {
  private readonly bySession = new Map<string, Map<string, { players: Set<string>; at: number }>>();

  constructor(private readonly now: () => number = Date.now) {}

  announce(sessionId: string, node: string, players: readonly string[]): void {
    let nodes = this.bySession.get(sessionId);
    if (!nodes) this.bySession.set(sessionId, (nodes = new Map()));
    if (players.length === 0) nodes.delete(node);
    else nodes.set(node, { players: new Set(players), at: this.now() });
    if (nodes.size === 0) this.bySession.delete(sessionId);
  }

  online(sessionId: string, playerId: string): boolean {
    const nodes = this.bySession.get(sessionId);
    if (!nodes) return false;
    const fresh = this.now() - PRESENCE_TTL_MS;
    for (const entry of nodes.values()) if (entry.at >= fresh && entry.players.has(playerId)) return true;
    return false;
  }

  /** Drops stale announcements; returns the sessions whose presence changed. */
  expire(): string[] {
    const fresh = this.now() - PRESENCE_TTL_MS;
    const changed: string[] = [];
    for (const [sessionId, nodes] of this.bySession) {
      for (const [node, entry] of nodes) {
        if (entry.at < fresh) {
          nodes.delete(node);
          changed.push(sessionId);
        }
      }
      if (nodes.size === 0) this.bySession.delete(sessionId);
    }
    return changed;
  }

  forget(sessionId: string): void {
    this.bySession.delete(sessionId);
  }
}
