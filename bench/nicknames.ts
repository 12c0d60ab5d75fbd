// Cost of the nickname checks a join runs (schema, look-alike key, profanity rule), per call, on this machine.
// npx tsx bench/nicknames.ts
import { performance } from "node:perf_hooks";
import { NicknameSchema } from "@/lib/protocol/nickname";
import { nicknameKey } from "@/lib/protocol/nickname-key";
import { nicknameRefusal } from "@/lib/protocol/nickname-policy";

const names = ["Ada Lovelace", "аlice", "👩‍💻 coder", "Nguyễn Thị Ánh", "ＦＵＣＫ", "Scunthorpe", "李明", "x".repeat(24)];
const RULES = { profanityFilter: true };

function time(label: string, fn: (name: string) => unknown, rounds = 5_000): void {
  for (const n of names) fn(n); // warm up (the profanity matcher is built on first use)
  const start = performance.now();
  for (let i = 0; i < rounds; i++) for (const n of names) fn(n);
  const perCall = ((performance.now() - start) * 1000) / (rounds * names.length);
  console.log(`${label.padEnd(28)} ${perCall.toFixed(1)} µs per name`);
}

time("NicknameSchema.parse", (n) => NicknameSchema.safeParse(n));
time("nicknameKey", nicknameKey);
time("nicknameRefusal (filter on)", (n) => nicknameRefusal(n, RULES));
