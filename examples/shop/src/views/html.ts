// A tagged template for HTML that escapes every interpolated value unless it is already markup.

/** Markup that is safe to insert as is: the output of `html` or `unsafeRaw`. */
export class SafeHtml {
  constructor(readonly value: string) {}

  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for an HTML element body or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

/**
 * Builds markup from a template literal. Strings and numbers are escaped, `SafeHtml` is inserted
 * as is, arrays are joined, and `null`, `undefined` and `false` render nothing (for `cond && html…`).
 *
 * @example
 * html`<p class="name">${product.title}</p>`;
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? '';
  for (const [index, value] of values.entries()) {
    out += render(value) + (strings[index + 1] ?? '');
  }
  return new SafeHtml(out);
}

/** Marks a trusted string as markup. Only for strings the shop itself produced, never for input. */
export function unsafeRaw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/**
 * Serializes data for a `<script type="application/json">` element. `<` becomes `\u003c` so no
 * value can close the script element early.
 */
export function jsonForScript(data: unknown): SafeHtml {
  return new SafeHtml(JSON.stringify(data).replace(/</g, '\\u003c'));
}

function render(value: unknown): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}
