// The hidden form field that carries the hand-off when the checkout posts a form.

import { HANDOFF_FIELD } from '@pinpair/core';

/** Sets the hidden `pinpair_handoff` input of `form` to `value`, adding the input when the form has none. */
export function setHandoffField(form: HTMLFormElement, value: string): void {
  let input = form.querySelector<HTMLInputElement>(`input[name="${HANDOFF_FIELD}"]`);
  if (!input) {
    input = form.ownerDocument.createElement('input');
    input.type = 'hidden';
    input.name = HANDOFF_FIELD;
    form.appendChild(input);
  }
  input.value = value;
}
