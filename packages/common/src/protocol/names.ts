/**
 * Emoji and other pictographs, with the code points that only shape them: variation selectors, the
 * zero-width joiner of sequences like a family, skin-tone modifiers, the regional indicators that pair
 * into flags, the keycap mark and the tag characters of subdivision flags.
 */
const PICTOGRAPHS =
  /\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{Regional_Indicator}|[\u{FE0E}\u{FE0F}]|\u{200D}|\u{20E3}|[\u{E0020}-\u{E007F}]/gu;

/**
 * The one rule for emoji in player names: they are removed, by the server when it accepts a name and by
 * the client before it sends one (so the field shows the name the others will see).
 *
 * Why removed rather than drawn: a name is drawn both in the DOM (chat, scoreboard, kill feed) and on the
 * canvas above the player, and whether an emoji renders there depends on the fonts of each machine: a
 * Linux box without an emoji font draws empty boxes on the canvas while the DOM falls back elsewhere.
 * Letters of every script stay; chat keeps its emoji (it is only ever DOM text).
 */
export function stripPictographs(text: string): string {
  return text.replace(PICTOGRAPHS, '');
}
