/** Projector-safe names when nicknames are hidden: stable per join order, no two alike in a session of ≤ 1,024. */
const ADJECTIVES = [
  "Amber", "Brave", "Calm", "Daring", "Eager", "Fuzzy", "Gentle", "Happy", "Icy", "Jolly", "Keen", "Lucky",
  "Mellow", "Nimble", "Odd", "Plucky", "Quick", "Rapid", "Sunny", "Tidy", "Upbeat", "Vivid", "Witty", "Zesty",
  "Bold", "Clever", "Dreamy", "Fancy", "Grand", "Humble", "Lively", "Merry",
] as const;
const ANIMALS = [
  "Otter", "Falcon", "Panda", "Lynx", "Heron", "Koala", "Gecko", "Bison", "Walrus", "Badger", "Ibis", "Marmot",
  "Newt", "Ocelot", "Puffin", "Quokka", "Raven", "Seal", "Tapir", "Urchin", "Vole", "Wombat", "Yak", "Zebra",
  "Alpaca", "Beaver", "Crane", "Dingo", "Egret", "Ferret", "Gibbon", "Hare",
] as const;

export function pseudonymFor(joinIndex: number): string {
  const a = ADJECTIVES[joinIndex % ADJECTIVES.length];
  const b = ANIMALS[Math.floor(joinIndex / ADJECTIVES.length) % ANIMALS.length];
  const lap = Math.floor(joinIndex / (ADJECTIVES.length * ANIMALS.length));
  return lap === 0 ? `${a} ${b}` : `${a} ${b} ${lap + 1}`;
}
