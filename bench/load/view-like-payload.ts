/** A player-view-like object of roughly `bytes` bytes as JSON: nested numbers and short strings, not one long string. */
export function viewLikePayload(seq: number, bytes: number, me = 0): Record<string, unknown> {
  const curve: { alpha: number; loss: number; diverged: boolean }[] = [];
  const base = { seq, serverNow: Date.now(), me: { playerId: `p${me}`, nickname: `phone ${me}`, total: 1234, rank: me + 1 } };
  let size = JSON.stringify(base).length + 12;
  for (let i = 0; size < bytes && i < 10_000; i++) {
    const point = { alpha: Number((1e-3 * 1.3 ** (i % 40)).toPrecision(6)), loss: Number((1 / (1 + i)).toPrecision(8)), diverged: false };
    curve.push(point);
    size += JSON.stringify(point).length + 1;
  }
  return { ...base, curve };
}
