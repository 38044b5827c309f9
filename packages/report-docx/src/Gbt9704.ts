/**
 * The numbers of GB/T 9704-2012 (党政机关公文格式) as a .docx needs them.
 * Twips are 1/20 pt; sizes in half-points, as the `docx` library takes them.
 *
 * @since 0.1.0
 */

/** 1 mm in twips. @since 0.1.0 */
export const MM = 1440 / 25.4

/** A4 in twips. @since 0.1.0 */
export const PAGE = { width: 11906, height: 16838 } as const

/**
 * Margins in twips: top 37 mm, bottom 35 mm, left (订口) 28 mm, right 26 mm;
 * the footer 25 mm from the paper's edge puts the page number's dash 7 mm
 * under the type area.
 *
 * @since 0.1.0
 */
export const MARGIN = { top: 2098, bottom: 1984, left: 1587, right: 1474, header: 851, footer: 1417 } as const

/** The type area (版心), 156 x 225 mm. @since 0.1.0 */
export const TYPE_AREA = { width: PAGE.width - MARGIN.left - MARGIN.right, height: PAGE.height - MARGIN.top - MARGIN.bottom } as const

/** Exact line pitch: 579 twips (28.95 pt), 22 lines in the type area. @since 0.1.0 */
export const LINE = 579

/** Run condensing, twips: -5 (-0.25 pt) gives 28 characters of 3号 per line. @since 0.1.0 */
export const CHARACTER_SPACING = -5

/** Chinese type sizes in half-points. @since 0.1.0 */
export const SIZE = {
  初号: 84,
  小初: 72,
  一号: 52,
  小一: 48,
  二号: 44,
  小二: 36,
  三号: 32,
  小三: 30,
  四号: 28,
  小四: 24,
  五号: 21,
  小五: 18
} as const

/** Two characters of 3号 body text: the first-line indent, twips. @since 0.1.0 */
export const INDENT = 640

/** One 3号 character's advance once condensed, twips (16 pt − 0.25 pt). @since 0.1.0 */
export const CHAR = 320 + CHARACTER_SPACING

/** Lines per page and characters per line the format is built for. @since 0.1.0 */
export const GRID = { lines: 22, chars: 28 } as const

/** Red of the 版头 (发文机关标志 and the rule). @since 0.1.0 */
export const RED = "FF0000"
