import { startTransition, type FormEvent } from 'react';

/**
 * An onSubmit handler that sends the form to `action` without React's automatic form reset.
 * After a form action completes React resets the form's DOM to its defaults, but controlled
 * fields whose state did not change are not rendered again: after a refusal, a select or a
 * checkbox would show its default while the form still holds (and would send) the chosen
 * value. Submitting through the transition keeps the DOM and the state the same. The form keeps
 * its `action` too, so it still posts without JavaScript.
 */
export function submitWithoutReset(action: (form: FormData) => void) {
  return (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const form = new FormData(event.currentTarget, submitter);
    startTransition(() => action(form));
  };
}
