/**
 * What a typed terminal line becomes before anything reads it. A pasted line may carry
 * terminal escape sequences (colours, "clear screen" ESC[2J) or other control characters:
 * stored in a free-text answer they would travel to the export and to whoever prints it.
 * They are removed; a tab becomes a space. A terminal line has no line break of its own
 * (readline splits on them), so free text typed here is one line; the chat platforms keep
 * the line breaks members type. Free text is then capped by the item (DEFAULT_TEXT_MAX_LENGTH,
 * 2,000 characters, unless the definition says otherwise) and messages quote at most 80
 * characters of what was typed (i18n describeError).
 */

// ESC [ … final byte (CSI), ESC ] … BEL or ESC \ (OSC), and two-character ESC sequences.
// eslint-disable-next-line no-control-regex
const ESCAPES = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-Z\\-_]|\u009b[0-?]*[ -/]*[@-~]/g;
// C0 controls but tab and line breaks, DEL, and C1 controls.
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/** Escape sequences and control characters removed, tabs as spaces, line breaks kept. */
export function cleanTypedLine(line: string): string {
  return line.replace(ESCAPES, '').replace(CONTROLS, '').replace(/\t/g, ' ');
}
