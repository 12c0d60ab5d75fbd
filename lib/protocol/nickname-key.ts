import { remove as removeConfusables } from "confusables";
import { cleanNickname, graphemes, isPictographic } from "./nickname-text";

const VARIATION_SELECTOR = /[\uFE0E\uFE0F]/gu;
const fold = (s: string) => s.toLocaleLowerCase("und");
/** confusables.txt prototypes for ASCII, after case folding: 0030→O, 0031/007C/0049→l, 006D→rn (and i, see below). */
const asciiLookalikes = (s: string) => s.replace(/[i1|]/g, "l").replace(/0/g, "o").replace(/m/g, "rn");

/**
 * The key that decides uniqueness in a session: two names with the same key look alike on the projector. It is the
 * confusable skeleton in the spirit of Unicode UTS #39 (NFD → map confusables → NFD), after NFKC (full-width and
 * mathematical letters) and case folding, of the cleaned name (so names stored before cleaning existed, e.g. with a
 * U+034F or U+3164 inside, get the same key as their clean form). Emoji are kept whole, without variation selectors.
 * The `confusables` package maps look-alikes to Latin and drops accents, so "аlice" (Cyrillic а), "ａｌｉｃｅ" and
 * "alice" share a key, and so do "Zoë" and "Zoe" (an accent is easy to miss from the back of the room).
 * It leaves plain ASCII alone, so the ASCII look-alikes of UTS #39's confusables.txt are added here: 1, | and I as l,
 * 0 as O, m as rn. Case is folded first (as before), which turns the capital I into i; so i and l share a key too,
 * or "AIice" could pose as "Alice" (the price: "Ali" and "All" cannot both join one session).
 */
export function nicknameKey(nickname: string): string {
  const base = fold(cleanNickname(nickname).normalize("NFKC"));
  let key = "";
  let letters = "";
  const flush = () => {
    // The mapping can produce capitals (Cyrillic д → "A", І → "I"): fold before the ASCII look-alikes.
    key += asciiLookalikes(fold(removeConfusables(letters.normalize("NFD")).normalize("NFD")));
    letters = "";
  };
  for (const g of graphemes(base)) {
    if (!isPictographic(g)) {
      letters += g;
      continue;
    }
    flush();
    key += g.replace(VARIATION_SELECTOR, "");
  }
  flush();
  // Never empty, so a key always names its player.
  return key.normalize("NFC") || base;
}
