// The hidden form field that carries the hand-off when the checkout posts a form.

import { HANDOFF_FIELD } from '@pinpair/core';

/** The latest hand-off reader of each form that has a `formdata` listener. */
const readers = new WeakMap<HTMLFormElement, () => string>();

/**
 * Sets the hidden `pinpair_handoff` input of `form` from `read()` now, and again each time the form's
 * data is collected (a submit, `form.submit()` or `new FormData(form)`), so a consent given after the
 * page loaded still goes with the form. A later call replaces `read` without adding a listener.
 */
export function attachHandoffField(form: HTMLFormElement, read: () => string): void {
  setHandoffField(form, read());

  if (!readers.has(form)) form.addEventListener('formdata', refreshOnFormData);
  readers.set(form, read);
}

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

// The form data set is built before this event, so the value is set in it as well as in the input.
function refreshOnFormData(event: Event): void {
  const form = event.currentTarget as HTMLFormElement;
  const read = readers.get(form);
  if (!read) return;
  try {
    const value = read();
    setHandoffField(form, value);
    (event as FormDataEvent).formData.set(HANDOFF_FIELD, value);
  } catch {
    // The field keeps its earlier value; a failure here must not stop the checkout.
  }
}
