import { remove as removeConfusables } from "confusables";
import { cleanNickname, graphemes, isPictographic } from "./nickname-text";

const VARIATION_SELECTOR = /[\uFE0E\uFE0F]/gu;
const fold = (s: string) => s.toLocaleLowerCase("und");

/**
 * The key that decides uniqueness in a session: two names with the same key look alike on the projector. It is the
 * confusable skeleton in the spirit of Unicode UTS #39 (NFD → map confusables → NFD), after NFKC (full-width and
 * mathematical letters) and case folding, of the cleaned name (so names stored before cleaning existed, e.g. with a
 * U+034F or U+3164 inside, get the same key as their clean form). Emoji are kept whole, without variation selectors.
 * The `confusables` package maps look-alikes to Latin and drops accents, so "аlice" (Cyrillic а), "ａｌｉｃｅ" and
 * "alice" share a key, and so do "Zoë" and "Zoe" (an accent is easy to miss from the back of the room).
 */
export function nicknameKey(nickname: string): string {
  const base = fold(cleanNickname(nickname).normalize("NFKC"));
  let key = "";
  let letters = "";
  const flush = () => {
    key += removeConfusables(letters.normalize("NFD")).normalize("NFD");
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
  // The mapping can produce capitals (Cyrillic д → "A"): fold again. Never empty, so a key always names its player.
  return fold(key).normalize("NFC") || base;
}
