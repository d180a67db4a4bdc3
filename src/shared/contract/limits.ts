// Limits the renderer checks before it calls (a module of its own: importing it builds no schemas).

/** The most item ids one edit or one tag count takes (a selection beyond it is too large to send). */
export const MAX_ITEM_IDS = 2_000_000;

/** The most repeats (times each picture is seen per epoch) an export writes into its folder name. */
export const MAX_REPEATS = 10_000;
